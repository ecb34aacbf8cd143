/**
 * Non-blocking sockets and readiness pollers: the seam every transport backend fills.
 *
 * <p>In the spirit of mio's {@code Poll}/{@code Registry}/{@code Token}/{@code Events}: a
 * {@link io.switchboard.io.Poller} watches {@link io.switchboard.io.SocketHandle}s for the
 * {@link io.switchboard.io.Interest} registered with a {@link io.switchboard.io.Token}, and
 * {@link io.switchboard.io.Poller#poll poll} fills an {@link io.switchboard.io.Events} with the
 * tokens that became ready. A {@link io.switchboard.io.Backend} pairs a poller with the sockets
 * it can watch; {@link io.switchboard.io.Backends} chooses one by name, in one place.
 *
 * <pre>
 *   Backend ──openPoller()──▶ Poller ◀──register(socket, token, interest)── caller
 *      │                        │
 *      └─listen/connect/bind──▶ SocketHandle        poll(events, timeout) ──▶ Events[token, ready]
 * </pre>
 *
 * <p>Backends: {@code io.nio} (JDK channels over {@code java.nio.channels.Selector}; portable).
 * Native Linux pollers (select, poll, epoll) live in {@code io.linux} and slot in behind the same
 * interfaces. This package depends only on {@code endpoint}.
 *
 * <p>Not guaranteed: readiness is a hint. A socket reported readable may still read 0 bytes;
 * callers treat 0 as "would block" and wait for the next event.
 */
package io.switchboard.io;
