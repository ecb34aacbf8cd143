package io.switchboard.io;

import java.io.IOException;

/**
 * Waits until registered sockets are ready: the select/poll/epoll of this library.
 *
 * <p>Register a socket with a {@link Token} and an {@link Interest}; {@link #poll} blocks until at
 * least one registered socket is ready, the timeout passes, or {@link #wakeup} is called, and
 * reports the ready ones in an {@link Events}. Registration is level-triggered unless
 * {@link #edgeTriggered()} says otherwise: a socket that stays readable is reported again by the
 * next poll. An edge-triggered poller reports a change once, so its caller must read or write
 * until the socket would block.
 *
 * <p>Thread-safety: {@link #wakeup} may be called from any thread; every other method only from
 * the one thread that polls. Closing a socket removes its registration.
 */
public interface Poller extends AutoCloseable {

    /** Its name as the {@code --poller} flag spells it: {@code nio}, {@code select}, {@code poll}, {@code epoll}, {@code epoll-et}. */
    String name();

    /** Whether readiness is reported once per change (epoll's EPOLLET) rather than while it lasts. */
    default boolean edgeTriggered() {
        return false;
    }

    /**
     * Starts watching {@code socket}.
     *
     * @throws IllegalStateException if the socket is already registered with this poller
     * @throws IllegalArgumentException if the socket comes from a backend this poller cannot watch
     */
    void register(SocketHandle socket, Token token, Interest interest) throws IOException;

    /** Changes the token and interest of a registered socket. */
    void modify(SocketHandle socket, Token token, Interest interest) throws IOException;

    /** Stops watching {@code socket}; a socket that is not registered is ignored. */
    void deregister(SocketHandle socket) throws IOException;

    /**
     * Waits for readiness and fills {@code events} (cleared first).
     *
     * @param timeoutNanos how long to wait: negative waits until an event or a wakeup, 0 does not
     *                     wait; positive timeouts are rounded up to the poller's resolution, never
     *                     down, so a caller waiting for a timer is not woken early in a busy loop
     * @return the number of events, 0 on timeout or wakeup
     */
    int poll(Events events, long timeoutNanos) throws IOException;

    /** Makes a blocked (or the next) {@link #poll} return at once. Safe from any thread. */
    void wakeup();

    /** Releases the poller's resources; registered sockets stay open. */
    @Override
    void close() throws IOException;
}
