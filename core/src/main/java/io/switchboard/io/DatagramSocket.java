package io.switchboard.io;

import java.io.IOException;
import java.net.SocketAddress;
import java.nio.ByteBuffer;

/**
 * A bound datagram socket: UDP, or Unix datagram where the backend supports it.
 *
 * <p>Non-blocking; thread-safety: one thread at a time, {@link #close} from any thread.
 */
public non-sealed interface DatagramSocket extends SocketHandle {

    /**
     * Receives one datagram into {@code dst}. A datagram larger than the space left is truncated,
     * as {@code recvfrom(2)} does.
     *
     * @return the sender, or {@code null} if no datagram is waiting
     */
    SocketAddress receive(ByteBuffer dst) throws IOException;

    /**
     * Sends {@code src}'s remaining bytes as one datagram to {@code target}.
     *
     * @return the bytes sent: all of them, or 0 if the send buffer is full
     */
    int send(ByteBuffer src, SocketAddress target) throws IOException;
}
