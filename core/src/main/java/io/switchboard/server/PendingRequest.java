package io.switchboard.server;

import java.net.SocketAddress;

/** One accepted connection or received datagram, between the serving thread and the thread that handles it. */
interface PendingRequest {

    /** Who sent it. */
    SocketAddress client();

    /** Makes the handler and runs setup, handle, finish. */
    void run() throws Exception;

    /** Releases it when handled or refused (closes a connection; nothing for a datagram). */
    void close();

    /** The server is closing: tell the handler (a protocol says goodbye). */
    void stopRequested();

    /** Ends it now, from another thread, so a handler blocked on it returns (close the socket). */
    void abort();
}
