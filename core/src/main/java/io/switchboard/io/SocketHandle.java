package io.switchboard.io;

import java.io.IOException;
import java.net.SocketAddress;

/**
 * A non-blocking socket that a {@link Poller} of the same {@link Backend} can watch.
 *
 * <p>The three kinds are {@link StreamSocket}, {@link ListenerSocket} and {@link DatagramSocket}.
 * Thread-safety: a socket is used by one thread at a time (its event loop); {@link #close} may be
 * called from any thread.
 */
public sealed interface SocketHandle extends AutoCloseable permits StreamSocket, ListenerSocket, DatagramSocket {

    /** The address this socket is bound to; for TCP after binding port 0 it carries the real port. */
    SocketAddress localAddress() throws IOException;

    /** Whether {@link #close} has not been called yet. */
    boolean isOpen();

    /** Closes the socket, removing it from any poller. Closing twice does nothing. */
    @Override
    void close() throws IOException;
}
