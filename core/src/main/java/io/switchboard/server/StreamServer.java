package io.switchboard.server;

import io.switchboard.endpoint.Endpoint;
import io.switchboard.io.AcceptGuard;
import io.switchboard.io.Backend;
import io.switchboard.io.BlockingStream;
import io.switchboard.io.ListenerSocket;
import io.switchboard.io.StreamSocket;
import io.switchboard.limits.EmfilePolicy;
import io.switchboard.tls.TlsConfig;
import io.switchboard.tls.TlsSockets;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.net.SocketAddress;
import java.net.SocketTimeoutException;
import java.net.StandardSocketOptions;
import java.time.Duration;
import java.util.function.Supplier;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocket;

/**
 * What TCP and Unix stream servers share: accept a connection, switch it to blocking mode, and run
 * a new {@link StreamRequestHandler} on it; afterwards shut down its output and close it (Python's
 * {@code shutdown_request}).
 *
 * <p>With a {@link TlsConfig} (a {@code tls://} {@link TcpServer}), the connection is first
 * layered in TLS ({@link TlsSockets#handshake}) on the thread that runs the request: the handler
 * only ever sees plaintext streams, and a peer that does not finish the handshake within the
 * timeout is logged and closed before any handler exists. Half-close sends close_notify before
 * FIN.
 *
 * <p>When accept fails for lack of descriptors (EMFILE/ENFILE), an {@link AcceptGuard} keeps the
 * serving thread from spinning on a listener that stays readable ({@link ServerConfig#onEmfile()}:
 * pause 100 ms, or shed the waiting connections with a spare descriptor).
 *
 * <p>Thread-safety: as {@link BaseServer}.
 */
public abstract sealed class StreamServer extends BaseServer permits TcpServer, UnixStreamServer {

    private static final Logger LOG = System.getLogger(StreamServer.class.getName());
    /** How long sending close_notify at the end of a request may take before the socket is just closed. */
    private static final Duration CLOSE_NOTIFY_BOUND = Duration.ofSeconds(2);

    private final Supplier<? extends StreamRequestHandler> handlers;
    private final TlsConfig tls;
    private final AcceptGuard guard;

    StreamServer(Endpoint endpoint, Supplier<? extends StreamRequestHandler> handlers, ServerConfig config,
            Backend backend, TlsConfig tls) throws IOException {
        super(endpoint, config, backend, true, Backend::listen);
        this.handlers = handlers;
        this.tls = tls;
        this.guard = config.onEmfile() == EmfilePolicy.RESERVE ? AcceptGuard.reserving(endpoint().toString())
                : AcceptGuard.pausing(endpoint().toString());
    }

    @Override
    final PendingRequest receiveRequest() throws IOException {
        ListenerSocket listener = (ListenerSocket) socket();
        StreamSocket accepted;
        try {
            accepted = listener.accept();
        } catch (IOException e) {
            AcceptGuard.Exhausted exhausted = guard.acceptFailed(e, listener, requestsInFlight()).orElseThrow(() -> e);
            stats().error();
            for (int i = 0; i < exhausted.shed(); i++) {
                stats().connectionRefused();
            }
            if (!exhausted.carryOn()) {
                pauseAccepting(exhausted.pauseMillis());
            }
            return null;
        }
        if (accepted == null) {
            return null;
        }
        guard.accepted();
        SocketAddress client;
        try {
            client = accepted.remoteAddress();
            // handlers write replies as they go; Nagle would hold each small one for the peer's delayed ACK
            accepted.setOption(java.net.StandardSocketOptions.TCP_NODELAY, true);
        } catch (IOException e) {
            accepted.close();
            throw e;
        }
        return new Connection(accepted, client);
    }

    @Override
    void closeSocket() {
        super.closeSocket();
        guard.close();
    }

    private final class Connection implements PendingRequest, BlockingTransport.Closer {
        private final StreamSocket socket;
        private final SocketAddress client;
        private volatile RequestHandler handler;
        private volatile BlockingStream stream;
        private volatile SSLSocket secured; // null: plain

        Connection(StreamSocket socket, SocketAddress client) {
            this.socket = socket;
            this.client = client;
        }

        @Override
        public SocketAddress client() {
            return client;
        }

        @Override
        public void run() throws Exception {
            BlockingStream opened = socket.blocking(config().readTimeout());
            stream = opened;
            InputStream in = opened.input();
            OutputStream out = opened.output();
            if (tls != null) {
                try {
                    secured = TlsSockets.handshake(tls, opened.socket());
                } catch (IOException e) {
                    handshakeFailed(e);
                    return;
                }
                in = secured.getInputStream();
                out = secured.getOutputStream();
            }
            StreamRequestHandler made = handlers.get();
            this.handler = made;
            made.bind(in, out, client, localAddress(), StreamServer.this, this);
            runHandler(made);
        }

        /** Logged as the reactor's TLS layer logs it: a timeout or bad TLS at WARNING, a peer that left at DEBUG. */
        private void handshakeFailed(IOException e) {
            String prefix = endpoint() + " from " + client + ": ";
            if (e instanceof SocketTimeoutException) {
                stats().error();
                LOG.log(Level.WARNING, () -> prefix + e.getMessage() + "; closed");
            } else if (e instanceof SSLException && !(e.getCause() instanceof EOFException)) {
                stats().error();
                LOG.log(Level.WARNING, () -> prefix + "TLS failed: " + e.getMessage() + "; closed");
            } else {
                LOG.log(Level.DEBUG, () -> prefix + "peer left during the TLS handshake: " + e);
            }
        }

        private SocketAddress localAddress() {
            try {
                return socket.localAddress();
            } catch (IOException e) {
                return null;
            }
        }

        /** Half-close: FIN, after close_notify under TLS (bounded: it is a write). */
        @Override
        public void shutdownOutput() throws IOException {
            SSLSocket tlsSocket = secured;
            if (tlsSocket != null) {
                TlsSockets.shutdownOutput(tlsSocket, stream.socket(), CLOSE_NOTIFY_BOUND);
            } else {
                socket.shutdownOutput();
            }
        }

        /** Closes the TCP socket itself (under TLS too: close_notify, if any, went with shutdownOutput). */
        @Override
        public void close(boolean reset) {
            try {
                if (reset) {
                    socket.setOption(StandardSocketOptions.SO_LINGER, 0);
                }
            } catch (IOException | RuntimeException ignored) {
                // closing is all that is left
            }
            abort();
        }

        @Override
        public void close() {
            try {
                if (socket.isOpen()) {
                    shutdownOutput();
                }
            } catch (IOException ignored) {
                // the peer may be gone already
            }
            abort();
        }

        @Override
        public void stopRequested() {
            RequestHandler current = handler;
            if (current != null) {
                current.serverStopping();
            }
        }

        @Override
        public void abort() {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing is all that is left to do
            }
        }
    }
}
