package io.switchboard.server;

import io.switchboard.endpoint.Endpoint;
import io.switchboard.endpoint.UnixDatagramEndpoint;
import io.switchboard.io.Backends;
import java.io.IOException;
import java.util.function.Supplier;

/**
 * A blocking Unix datagram server: Python's {@code UnixDatagramServer}. The JDK has no Unix
 * datagram sockets, so this server runs on the native Linux backend (FFM, {@code io.linux}), found
 * through {@link Backends#unixDatagramCapable()}; elsewhere it refuses with that reason.
 * Thread-safety: as {@link BaseServer}.
 */
public non-sealed class UnixDatagramServer extends DatagramServer {

    /** Binds {@code endpoint} (a {@code unixgram://} endpoint). */
    public UnixDatagramServer(Endpoint endpoint, Supplier<? extends DatagramRequestHandler> handlers,
            ServerConfig config) throws IOException {
        super(check(endpoint), handlers, config, Backends.unixDatagramCapable().orElseThrow(() ->
                new UnsupportedOperationException("Unix datagram sockets need the native Linux backend: "
                        + io.switchboard.io.linux.Linux.unavailabilityCause().orElse("unavailable"))));
    }

    private static Endpoint check(Endpoint endpoint) {
        if (!(endpoint instanceof UnixDatagramEndpoint)) {
            throw new IllegalArgumentException("UnixDatagramServer needs a unixgram:// endpoint, not " + endpoint);
        }
        return endpoint;
    }
}
