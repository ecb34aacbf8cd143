/**
 * Switchboard core: endpoints, sockets and pollers (JDK NIO and native Linux through FFM), the
 * reactor, codecs, the blocking server framework, access control and counters. Depends on
 * nothing but the JDK; logs through {@link java.lang.System.Logger}.
 */
module io.switchboard.core {
    exports io.switchboard.endpoint;
    exports io.switchboard.io;
    exports io.switchboard.io.nio;
    exports io.switchboard.io.linux;
    exports io.switchboard.reactor;
    exports io.switchboard.metrics;
    exports io.switchboard.limits;
}
