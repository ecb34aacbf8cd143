package io.switchboard.reactor;

import java.net.SocketAddress;
import java.nio.ByteBuffer;

/**
 * What a datagram socket does with each datagram: Twisted's {@code DatagramProtocol}.
 *
 * <p>Thread-safety: every callback runs on the socket's event loop thread, one at a time.
 */
public interface DatagramProtocol {

    /** The socket is bound; keep {@code transport} to send. */
    default void started(DatagramTransport transport) {
    }

    /**
     * A datagram arrived from {@code sender}. The buffer is lent, valid only during this call.
     * A datagram larger than the receive buffer (64 KiB by default) arrives truncated.
     */
    void datagramReceived(ByteBuffer data, SocketAddress sender);

    /** The socket closed; the last call. */
    default void stopped() {
    }
}
