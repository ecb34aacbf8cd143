package io.switchboard.endpoint;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;

/**
 * An address a socket listens on or connects to, written as a URI-like string.
 *
 * <p>The four kinds are closed: {@link TcpEndpoint} (plain or TLS), {@link UdpEndpoint}, {@link UnixEndpoint}
 * (stream) and {@link UnixDatagramEndpoint}. {@link #toString()} gives back the canonical text,
 * which {@link #parse(String)} accepts again.
 *
 * <p>Instances are immutable and safe to share between threads.
 */
public sealed interface Endpoint
        permits InetEndpoint, UnixEndpoint, UnixDatagramEndpoint {

    /**
     * Parses {@code tcp://host:port}, {@code tls://host:port} (TCP inside TLS), {@code udp://host:port}, {@code unix:///path},
     * {@code unixgram:///path}, or the shorthand {@code host:port} (TCP). IPv6 literals go in
     * brackets: {@code tcp://[::1]:7777}.
     *
     * @throws EndpointFormatException quoting {@code text} and showing a valid example
     */
    static Endpoint parse(String text) {
        return EndpointParser.parse(text);
    }

    /** Whether this endpoint carries a byte stream (TCP, Unix stream) rather than datagrams. */
    boolean isStream();

    /** The scheme as written in the canonical text: {@code tcp}, {@code tls}, {@code udp}, {@code unix} or {@code unixgram}. */
    String scheme();

    /**
     * The JDK socket address: an unresolved {@link InetSocketAddress} for TCP and UDP
     * (resolution happens at bind/connect), a {@link UnixDomainSocketAddress} for Unix sockets.
     */
    SocketAddress toSocketAddress();

    /**
     * The endpoint of the given kind for an address a socket reported, e.g. the real port after
     * binding port 0.
     *
     * @param stream whether the socket is a stream socket
     * @throws IllegalArgumentException for an address family this library does not know
     */
    static Endpoint of(SocketAddress address, boolean stream) {
        return switch (address) {
            case InetSocketAddress inet -> {
                String host = inet.getAddress() != null ? inet.getAddress().getHostAddress() : inet.getHostString();
                int zone = host.indexOf('%');
                if (zone >= 0) {
                    host = host.substring(0, zone);
                }
                yield stream ? new TcpEndpoint(host, inet.getPort()) : new UdpEndpoint(host, inet.getPort());
            }
            case UnixDomainSocketAddress unix ->
                    stream ? new UnixEndpoint(unix.getPath()) : new UnixDatagramEndpoint(unix.getPath());
            default -> throw new IllegalArgumentException("unsupported socket address: " + address
                    + " (" + address.getClass().getName() + ")");
        };
    }
}
