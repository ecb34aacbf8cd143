package io.switchboard.reactor;

import io.switchboard.io.Token;

/**
 * Something an event loop dispatches readiness to: a connection, an acceptor, a datagram socket.
 * Loop-thread only.
 */
sealed interface Handler permits Connection, Acceptor, DatagramBinding {

    /** The token of its registration; the loop checks it so a stale event never reaches a new owner of a slot. */
    Token token();

    /** The socket is ready; {@code flags} are {@link io.switchboard.io.Events} bits. */
    void ready(int flags);

    /** The loop is stopping: ask politely (connections tell their protocol); listeners close at once. */
    void stopRequested();

    /** Close now; the stop deadline passed or the loop is closing. */
    void forceClose(CloseReason reason);
}
