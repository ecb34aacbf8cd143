/**
 * The portable backend: JDK socket channels watched by a {@link java.nio.channels.Selector}
 * (epoll inside on Linux, kqueue on macOS).
 *
 * <p>Maps the {@code io} contracts one to one: a registration is a {@link java.nio.channels.SelectionKey}
 * whose attachment is the {@link io.switchboard.io.Token}; "readable" on a listener is
 * {@code OP_ACCEPT}; "writable" on a connecting socket is {@code OP_CONNECT}. Polling uses
 * {@code Selector.select(Consumer, timeout)}, which fills the events without the selected-key set
 * and its iterator, so a poll allocates nothing.
 *
 * <p>Not supported: Unix datagram sockets (the JDK has none).
 */
package io.switchboard.io.nio;
