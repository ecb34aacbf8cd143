package io.switchboard.server;

import io.switchboard.endpoint.Endpoint;
import io.switchboard.io.Backend;
import io.switchboard.io.DatagramSocket;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

/**
 * What UDP and Unix datagram servers share: receive a datagram (up to 64 KiB) on the serving
 * thread, then run a new {@link DatagramRequestHandler} for it under the dispatch. Replies go out
 * through {@link #send}, which handlers on any thread may call.
 *
 * <p>Thread-safety: as {@link BaseServer}; {@link #send} is safe from any thread.
 */
public abstract sealed class DatagramServer extends BaseServer permits UdpServer, UnixDatagramServer {

    private static final int MAX_DATAGRAM = 64 * 1024;
    private static final long SEND_PATIENCE_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final Supplier<? extends DatagramRequestHandler> handlers;
    private final ByteBuffer receiveBuffer = ByteBuffer.allocateDirect(MAX_DATAGRAM);
    private final Object sendLock = new Object();

    DatagramServer(Endpoint endpoint, Supplier<? extends DatagramRequestHandler> handlers, ServerConfig config,
            Backend backend) throws IOException {
        super(endpoint, config, backend, false, Backend::bindDatagram);
        this.handlers = handlers;
    }

    @Override
    final PendingRequest receiveRequest() throws IOException {
        receiveBuffer.clear();
        SocketAddress client = ((DatagramSocket) socket()).receive(receiveBuffer);
        if (client == null) {
            return null;
        }
        receiveBuffer.flip();
        byte[] data = new byte[receiveBuffer.remaining()];
        receiveBuffer.get(data);
        return new Datagram(data, client);
    }

    /**
     * Sends {@code bytes} to {@code target} as one datagram. The socket is non-blocking: if its
     * send buffer stays full for a second the datagram is dropped with a WARNING (UDP promises no
     * delivery; a server must not hang on it).
     */
    public final void send(byte[] bytes, SocketAddress target) throws IOException {
        ByteBuffer data = ByteBuffer.wrap(bytes);
        long deadline = System.nanoTime() + SEND_PATIENCE_NANOS;
        synchronized (sendLock) {
            if (!socket().isOpen()) {
                throw new java.net.SocketException("server " + endpoint() + " is closed; reply to " + target + " not sent");
            }
            while (((DatagramSocket) socket()).send(data, target) == 0) {
                if (System.nanoTime() > deadline) {
                    System.getLogger(DatagramServer.class.getName()).log(Level.WARNING, () -> endpoint()
                            + ": send buffer full for a second; dropped a reply of " + bytes.length + " bytes to " + target);
                    return;
                }
                LockSupport.parkNanos(100_000);
            }
        }
    }

    /** Closes the socket only between sends: a reply in progress on another thread never meets a closed descriptor. */
    @Override
    void closeSocket() {
        synchronized (sendLock) {
            super.closeSocket();
        }
    }

    private final class Datagram implements PendingRequest {
        private final byte[] data;
        private final SocketAddress client;

        Datagram(byte[] data, SocketAddress client) {
            this.data = data;
            this.client = client;
        }

        @Override
        public SocketAddress client() {
            return client;
        }

        @Override
        public void run() throws Exception {
            DatagramRequestHandler handler = handlers.get();
            handler.bind(data, client, DatagramServer.this);
            runHandler(handler);
        }

        @Override
        public void close() {
        }

        @Override
        public void stopRequested() {
        }

        @Override
        public void abort() {
        }

        @Override
        public String toString() {
            return "datagram of " + data.length + " bytes from " + client + " " + Arrays.hashCode(data);
        }
    }
}
