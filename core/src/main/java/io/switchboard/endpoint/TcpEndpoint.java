package io.switchboard.endpoint;

/**
 * A TCP endpoint, written {@code tcp://host:port} or, as a shorthand, {@code host:port}; or a TCP
 * endpoint that speaks TLS, written {@code tls://host:port}.
 *
 * <p>The {@code tls} flag is a promise about the bytes, not about the socket: the socket is the
 * same TCP socket, and whoever listens or connects (the service runner, the CLI clients) wraps the
 * connection in TLS ({@code io.switchboard.tls}). Code that cannot speak TLS refuses such an
 * endpoint rather than serving plaintext on it.
 *
 * @param host a host name or IP literal (IPv6 without brackets); not resolved here
 * @param port 0 to 65535
 * @param tls  whether the connection runs inside TLS
 */
public record TcpEndpoint(String host, int port, boolean tls) implements InetEndpoint {

    /** Validates the host and port. */
    public TcpEndpoint {
        InetEndpoint.validate(host, port);
    }

    /** A plain TCP endpoint. */
    public TcpEndpoint(String host, int port) {
        this(host, port, false);
    }

    @Override
    public boolean isStream() {
        return true;
    }

    @Override
    public String scheme() {
        return tls ? "tls" : "tcp";
    }

    @Override
    public TcpEndpoint withPort(int newPort) {
        return new TcpEndpoint(host, newPort, tls);
    }

    /** The same address, with or without TLS. */
    public TcpEndpoint withTls(boolean useTls) {
        return new TcpEndpoint(host, port, useTls);
    }

    @Override
    public String toString() {
        return scheme() + "://" + hostAndPort();
    }
}
