package io.switchboard.reactor;

import java.net.SocketAddress;

/**
 * Makes the {@link Protocol} for each new connection: Twisted's {@code Factory.buildProtocol}.
 *
 * <p>Returning {@code null} refuses the connection: it is closed at once and counted as refused.
 * Shared state between connections (a chat room, counters) lives in the factory.
 *
 * <p>Thread-safety: called from any event loop thread, possibly concurrently; implementations
 * that keep state make it thread-safe.
 */
@FunctionalInterface
public interface ProtocolFactory {

    /**
     * A protocol for a connection from (or, for outbound connections, to) {@code remoteAddress},
     * or {@code null} to refuse it.
     */
    Protocol buildProtocol(SocketAddress remoteAddress);
}
