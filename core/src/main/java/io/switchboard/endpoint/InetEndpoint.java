package io.switchboard.endpoint;

import java.net.InetSocketAddress;

/**
 * What TCP and UDP endpoints share: a host (name or IP literal, never resolved here) and a port.
 *
 * <p>Implementations are immutable records.
 */
public sealed interface InetEndpoint extends Endpoint permits TcpEndpoint, UdpEndpoint {

    /** The host as written: a name, an IPv4 literal, or an IPv6 literal without brackets. */
    String host();

    /** The port, 0 to 65535; 0 asks the system for a free ephemeral port when binding. */
    int port();

    /** The same endpoint on another port (used to report the real port after binding port 0). */
    InetEndpoint withPort(int port);

    @Override
    default InetSocketAddress toSocketAddress() {
        return InetSocketAddress.createUnresolved(host(), port());
    }

    /** {@code host:port}, with brackets around an IPv6 literal. */
    default String hostAndPort() {
        return (host().indexOf(':') >= 0 ? "[" + host() + "]" : host()) + ":" + port();
    }

    /** Checks the parts every constructor shares; messages name the field and the bad value. */
    static void validate(String host, int port) {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("host: '" + host + "' (expected: a host name or IP address)");
        }
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port: " + port + " (expected: 0 to 65535)");
        }
    }
}
