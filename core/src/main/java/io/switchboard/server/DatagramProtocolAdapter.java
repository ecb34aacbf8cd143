package io.switchboard.server;

import io.switchboard.endpoint.Endpoint;
import io.switchboard.reactor.DatagramProtocol;
import io.switchboard.reactor.DatagramTransport;
import java.io.IOException;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * Runs a reactor {@link DatagramProtocol} under a blocking datagram server: each datagram becomes
 * a request whose handler calls {@code datagramReceived}, under one lock, so the protocol sees one
 * call at a time whatever the dispatch. {@code started} is called before the first datagram.
 *
 * <p>Thread-safety: safe to share between the server's request threads.
 */
public final class DatagramProtocolAdapter {

    private final DatagramProtocol protocol;
    private final ReentrantLock lock = new ReentrantLock();
    private final AtomicLong dropped = new AtomicLong();
    private boolean started;

    /** Adapts {@code protocol}. */
    public DatagramProtocolAdapter(DatagramProtocol protocol) {
        this.protocol = protocol;
    }

    /** Handlers for {@code new UdpServer(endpoint, adapter.handlers(), config)}. */
    public Supplier<DatagramRequestHandler> handlers() {
        return () -> new DatagramRequestHandler() {
            @Override
            public void handle() {
                deliver(data(), clientAddress(), server());
            }
        };
    }

    private void deliver(byte[] data, SocketAddress sender, DatagramServer server) {
        lock.lock();
        try {
            if (!started) {
                started = true;
                protocol.started(transport(server));
            }
            protocol.datagramReceived(ByteBuffer.wrap(data), sender);
        } finally {
            lock.unlock();
        }
    }

    private DatagramTransport transport(DatagramServer server) {
        return new DatagramTransport() {
            @Override
            public void send(ByteBuffer data, SocketAddress target) {
                byte[] bytes = new byte[data.remaining()];
                data.get(bytes);
                try {
                    server.send(bytes, target);
                } catch (IOException e) {
                    dropped.incrementAndGet();
                }
            }

            @Override
            public SocketAddress localAddress() {
                Endpoint endpoint = server.endpoint();
                return endpoint instanceof io.switchboard.endpoint.InetEndpoint inet
                        ? new java.net.InetSocketAddress(inet.host(), inet.port()) : endpoint.toSocketAddress();
            }

            @Override
            public long droppedDatagrams() {
                return dropped.get();
            }

            @Override
            public void close() {
                server.close();
            }
        };
    }
}
