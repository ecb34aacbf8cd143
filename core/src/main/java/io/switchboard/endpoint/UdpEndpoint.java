package io.switchboard.endpoint;

/**
 * A UDP endpoint, written {@code udp://host:port}.
 *
 * @param host a host name or IP literal (IPv6 without brackets); not resolved here
 * @param port 0 to 65535
 */
public record UdpEndpoint(String host, int port) implements InetEndpoint {

    /** Validates the host and port. */
    public UdpEndpoint {
        InetEndpoint.validate(host, port);
    }

    @Override
    public boolean isStream() {
        return false;
    }

    @Override
    public String scheme() {
        return "udp";
    }

    @Override
    public UdpEndpoint withPort(int newPort) {
        return new UdpEndpoint(host, newPort);
    }

    @Override
    public String toString() {
        return "udp://" + hostAndPort();
    }
}
