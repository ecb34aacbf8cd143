package io.switchboard.server;

import io.switchboard.endpoint.Endpoint;
import io.switchboard.endpoint.TcpEndpoint;
import io.switchboard.io.Backends;
import io.switchboard.tls.TlsConfig;
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
 * <p>A {@code tls://} endpoint is served inside TLS with a {@link TlsConfig}
 * ({@link #TcpServer(Endpoint, Supplier, ServerConfig, TlsConfig)}): each connection's handshake
 * runs, bounded by the config's handshake timeout, on the thread that then runs its handler — the
 * serving thread itself under {@link Dispatch.Iterative}. Handlers read and write plaintext and
 * do not change. IPv4 or IPv6 follows the endpoint's address. Thread-safety: as {@link BaseServer}.
 */
public non-sealed class TcpServer extends StreamServer {

    /** Binds and listens on {@code endpoint} (a {@code tcp://} endpoint; port 0 picks a free port). */
    public TcpServer(Endpoint endpoint, Supplier<? extends StreamRequestHandler> handlers, ServerConfig config)
            throws IOException {
        this(endpoint, handlers, config, null);
    }

    /**
     * Binds and listens on {@code endpoint}: a {@code tls://} endpoint with {@code tls}, or a
     * {@code tcp://} endpoint with {@code tls} null.
     *
     * @throws IllegalArgumentException for a {@code tls://} endpoint without {@code tls}, or
     *                                  {@code tls} with a {@code tcp://} endpoint
     */
    public TcpServer(Endpoint endpoint, Supplier<? extends StreamRequestHandler> handlers, ServerConfig config,
            TlsConfig tls) throws IOException {
        super(check(endpoint, tls), handlers, config, Backends.named("nio"), tls);
    }

    /** With {@link ServerConfig#DEFAULTS}. */
    public TcpServer(Endpoint endpoint, Supplier<? extends StreamRequestHandler> handlers) throws IOException {
        this(endpoint, handlers, ServerConfig.DEFAULTS);
    }

    private static Endpoint check(Endpoint endpoint, TlsConfig tls) {
        if (!(endpoint instanceof TcpEndpoint tcp)) {
            throw new IllegalArgumentException("TcpServer needs a tcp:// or tls:// endpoint, not " + endpoint
                    + " (use UdpServer, UnixStreamServer or UnixDatagramServer)");
        }
        if (tcp.tls() && tls == null) {
            throw new IllegalArgumentException("TcpServer needs a TlsConfig (a certificate) to serve " + endpoint
                    + "; it never serves plaintext on a tls:// address");
        }
        if (!tcp.tls() && tls != null) {
            throw new IllegalArgumentException("TcpServer was given a TlsConfig for the plaintext endpoint " + endpoint
                    + " (use tls://" + tcp.hostAndPort() + ")");
        }
        return endpoint;
    }
}
