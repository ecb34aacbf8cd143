package io.switchboard.reactor;

import java.net.SocketAddress;
import java.nio.ByteBuffer;

/**
 * A bound datagram socket as its {@link DatagramProtocol} sees it.
 *
 * <p>Datagrams that cannot be sent at once wait in a bounded queue; when it is full the datagram
 * is dropped, counted, and logged at WARNING, since UDP gives no delivery guarantee to preserve.
 *
 * <p>Thread-safety: every method is safe from any thread.
 */
public interface DatagramTransport extends AutoCloseable {

    /** Sends {@code data}'s remaining bytes as one datagram to {@code target}; consumes the buffer. */
    void send(ByteBuffer data, SocketAddress target);

    /** The bound address, with the real port after binding port 0. */
    SocketAddress localAddress();

    /** Datagrams dropped because the send queue was full. */
    long droppedDatagrams();

    /** Closes the socket; the protocol's {@code stopped} follows on the loop. */
    @Override
    void close();
}
