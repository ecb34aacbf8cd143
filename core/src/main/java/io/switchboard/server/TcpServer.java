package io.switchboard.server;

import io.switchboard.endpoint.Endpoint;
import io.switchboard.endpoint.TcpEndpoint;
import io.switchboard.io.Backends;
import java.io.IOException;
import java.util.function.Supplier;

/**
 * A blocking TCP server: Python's {@code TCPServer} (with {@link Dispatch.Iterative}) and
 * {@code ThreadingTCPServer} (with {@link Dispatch.Threads} or {@link Dispatch.Virtual}).
 *
 * <pre>{@code
 * try (TcpServer server = new TcpServer(Endpoint.parse("tcp://127.0.0.1:9999"), Upper::new,
 *         ServerConfig.DEFAULTS.withDispatch(Dispatch.virtual()))) {
 *     server.serveForever();
 * }
 * }</pre>
 *
 * <p>IPv4 or IPv6 follows the endpoint's address. Thread-safety: as {@link BaseServer}.
 */
public non-sealed class TcpServer extends StreamServer {

    /** Binds and listens on {@code endpoint} (a {@code tcp://} endpoint; port 0 picks a free port). */
    public TcpServer(Endpoint endpoint, Supplier<? extends StreamRequestHandler> handlers, ServerConfig config)
            throws IOException {
        super(check(endpoint), handlers, config, Backends.named("nio"));
    }

    /** With {@link ServerConfig#DEFAULTS}. */
    public TcpServer(Endpoint endpoint, Supplier<? extends StreamRequestHandler> handlers) throws IOException {
        this(endpoint, handlers, ServerConfig.DEFAULTS);
    }

    private static Endpoint check(Endpoint endpoint) {
        if (endpoint instanceof TcpEndpoint tcp && tcp.tls()) {
            throw new IllegalArgumentException("TcpServer does not speak TLS: " + endpoint
                    + " is served on the reactor only (--model reactor)");
        }
        if (!(endpoint instanceof TcpEndpoint)) {
            throw new IllegalArgumentException("TcpServer needs a tcp:// endpoint, not " + endpoint
                    + " (use UdpServer, UnixStreamServer or UnixDatagramServer)");
        }
        return endpoint;
    }
}
