package io.switchboard.server;

import io.switchboard.endpoint.Endpoint;
import io.switchboard.endpoint.UnixEndpoint;
import io.switchboard.io.Backends;
import java.io.IOException;
import java.util.function.Supplier;

/**
 * A blocking Unix stream socket server: Python's {@code UnixStreamServer}. The socket file is
 * removed when the server closes; a stale one left by a crashed run is replaced on start.
 * Thread-safety: as {@link BaseServer}.
 */
public non-sealed class UnixStreamServer extends StreamServer {

    /** Binds and listens on {@code endpoint} (a {@code unix://} endpoint). */
    public UnixStreamServer(Endpoint endpoint, Supplier<? extends StreamRequestHandler> handlers, ServerConfig config)
            throws IOException {
        super(check(endpoint), handlers, config, Backends.named("nio"), null);
    }

    private static Endpoint check(Endpoint endpoint) {
        if (!(endpoint instanceof UnixEndpoint)) {
            throw new IllegalArgumentException("UnixStreamServer needs a unix:// endpoint, not " + endpoint);
        }
        return endpoint;
    }
}
