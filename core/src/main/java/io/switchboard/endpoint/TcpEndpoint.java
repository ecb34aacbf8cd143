package io.switchboard.endpoint;

/**
 * A TCP endpoint, written {@code tcp://host:port} or, as a shorthand, {@code host:port}.
 *
 * @param host a host name or IP literal (IPv6 without brackets); not resolved here
 * @param port 0 to 65535
 */
public record TcpEndpoint(String host, int port) implements InetEndpoint {

    /** Validates the host and port. */
    public TcpEndpoint {
        InetEndpoint.validate(host, port);
    }

    @Override
    public boolean isStream() {
        return true;
    }

    @Override
    public String scheme() {
        return "tcp";
    }

    @Override
    public TcpEndpoint withPort(int newPort) {
        return new TcpEndpoint(host, newPort);
    }

    @Override
    public String toString() {
        return "tcp://" + hostAndPort();
    }
}
