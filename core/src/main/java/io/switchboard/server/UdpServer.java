package io.switchboard.server;

import io.switchboard.endpoint.Endpoint;
import io.switchboard.endpoint.UdpEndpoint;
import io.switchboard.io.Backends;
import java.io.IOException;
import java.util.function.Supplier;

/**
 * A blocking UDP server: Python's {@code UDPServer} (and {@code ThreadingUDPServer} with a
 * threaded dispatch). Thread-safety: as {@link BaseServer}.
 */
public non-sealed class UdpServer extends DatagramServer {

    /** Binds {@code endpoint} (a {@code udp://} endpoint; port 0 picks a free port). */
    public UdpServer(Endpoint endpoint, Supplier<? extends DatagramRequestHandler> handlers, ServerConfig config)
            throws IOException {
        super(check(endpoint), handlers, config, Backends.named("nio"));
    }

    /** With {@link ServerConfig#DEFAULTS}. */
    public UdpServer(Endpoint endpoint, Supplier<? extends DatagramRequestHandler> handlers) throws IOException {
        this(endpoint, handlers, ServerConfig.DEFAULTS);
    }

    private static Endpoint check(Endpoint endpoint) {
        if (!(endpoint instanceof UdpEndpoint)) {
            throw new IllegalArgumentException("UdpServer needs a udp:// endpoint, not " + endpoint);
        }
        return endpoint;
    }
}
