package io.switchboard.io;

import java.io.IOException;

/**
 * A listening stream socket (TCP or Unix stream). Reported readable when a connection waits.
 *
 * <p>Thread-safety: one thread at a time; {@link #close} from any thread.
 */
public non-sealed interface ListenerSocket extends SocketHandle {

    /**
     * Accepts one waiting connection, already in non-blocking mode.
     *
     * @return the connection, or {@code null} if none is waiting
     */
    StreamSocket accept() throws IOException;
}
