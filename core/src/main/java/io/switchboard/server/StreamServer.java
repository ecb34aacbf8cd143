package io.switchboard.server;

import io.switchboard.endpoint.Endpoint;
import io.switchboard.io.AcceptGuard;
import io.switchboard.io.Backend;
import io.switchboard.io.BlockingStream;
import io.switchboard.io.ListenerSocket;
import io.switchboard.io.StreamSocket;
import io.switchboard.limits.EmfilePolicy;
import java.io.IOException;
import java.net.SocketAddress;
import java.util.function.Supplier;

/**
 * What TCP and Unix stream servers share: accept a connection, switch it to blocking mode, and run
 * a new {@link StreamRequestHandler} on it; afterwards shut down its output and close it (Python's
 * {@code shutdown_request}).
 *
 * <p>When accept fails for lack of descriptors (EMFILE/ENFILE), an {@link AcceptGuard} keeps the
 * serving thread from spinning on a listener that stays readable ({@link ServerConfig#onEmfile()}:
 * pause 100 ms, or shed the waiting connections with a spare descriptor).
 *
 * <p>Thread-safety: as {@link BaseServer}.
 */
public abstract sealed class StreamServer extends BaseServer permits TcpServer, UnixStreamServer {

    private final Supplier<? extends StreamRequestHandler> handlers;
    private final AcceptGuard guard;

    StreamServer(Endpoint endpoint, Supplier<? extends StreamRequestHandler> handlers, ServerConfig config,
            Backend backend) throws IOException {
        super(endpoint, config, backend, true, Backend::listen);
        this.handlers = handlers;
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

    private final class Connection implements PendingRequest {
        private final StreamSocket socket;
        private final SocketAddress client;
        private volatile RequestHandler handler;

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
            BlockingStream stream = socket.blocking(config().readTimeout());
            StreamRequestHandler handler = handlers.get();
            this.handler = handler;
            handler.bind(stream.input(), stream.output(), client, StreamServer.this, socket);
            runHandler(handler);
        }

        @Override
        public void close() {
            try {
                if (socket.isOpen()) {
                    socket.shutdownOutput();
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
