package io.switchboard.io.nio;

import io.switchboard.endpoint.Endpoint;
import io.switchboard.endpoint.InetEndpoint;
import io.switchboard.endpoint.UdpEndpoint;
import io.switchboard.endpoint.UnixDatagramEndpoint;
import io.switchboard.endpoint.UnixEndpoint;
import io.switchboard.io.Backend;
import io.switchboard.io.DatagramSocket;
import io.switchboard.io.ListenOptions;
import io.switchboard.io.ListenerSocket;
import io.switchboard.io.Poller;
import io.switchboard.io.StreamSocket;
import io.switchboard.io.UnixSocketFiles;
import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.ProtocolFamily;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.net.UnixDomainSocketAddress;
import java.net.UnknownHostException;
import java.nio.channels.DatagramChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;

/**
 * The portable backend: JDK channels and {@link java.nio.channels.Selector}.
 *
 * <p>Thread-safe and stateless.
 */
public final class NioBackend implements Backend {

    /** Creates the backend; it holds no resources. */
    public NioBackend() {
    }

    @Override
    public String name() {
        return "nio";
    }

    @Override
    public Poller openPoller() throws IOException {
        return new NioPoller();
    }

    @Override
    public ListenerSocket listen(Endpoint endpoint, ListenOptions options) throws IOException {
        return switch (endpoint) {
            case InetEndpoint inet when inet.isStream() -> {
                InetSocketAddress address = resolve(inet);
                ServerSocketChannel channel = ServerSocketChannel.open(family(address));
                yield bindListener(channel, address, endpoint, options);
            }
            case UnixEndpoint unix -> {
                UnixSocketFiles.removeStale(unix.path(), unix.toString(), NioBackend::acceptsConnections);
                ServerSocketChannel channel = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
                yield bindListener(channel, unix.toSocketAddress(), endpoint, options);
            }
            default -> throw new IllegalArgumentException("cannot listen on datagram endpoint " + endpoint
                    + "; use bindDatagram");
        };
    }

    private static ListenerSocket bindListener(ServerSocketChannel channel, SocketAddress address, Endpoint endpoint,
            ListenOptions options) throws IOException {
        try {
            if (address instanceof InetSocketAddress) {
                channel.setOption(StandardSocketOptions.SO_REUSEADDR, options.reuseAddress());
                if (options.reusePort()) {
                    channel.setOption(StandardSocketOptions.SO_REUSEPORT, true);
                }
            }
            channel.bind(address, options.backlog());
            return new NioListenerSocket(channel);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw bindFailure(endpoint, e);
        }
    }

    @Override
    public StreamSocket connect(Endpoint endpoint) throws IOException {
        SocketAddress address = switch (endpoint) {
            case InetEndpoint inet when inet.isStream() -> resolve(inet);
            case UnixEndpoint unix -> unix.toSocketAddress();
            default -> throw new IllegalArgumentException("cannot connect a stream to datagram endpoint " + endpoint);
        };
        SocketChannel channel = SocketChannel.open(address instanceof InetSocketAddress inet ? family(inet)
                : StandardProtocolFamily.UNIX);
        try {
            NioStreamSocket socket = new NioStreamSocket(channel, address);
            if (address instanceof InetSocketAddress) {
                channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            }
            channel.connect(address);
            return socket;
        } catch (IOException e) {
            channel.close();
            java.net.ConnectException named = new java.net.ConnectException("connect to " + endpoint + " failed: "
                    + e.getMessage());
            named.initCause(e);
            throw named;
        }
    }

    @Override
    public DatagramSocket bindDatagram(Endpoint endpoint, ListenOptions options) throws IOException {
        return switch (endpoint) {
            case UdpEndpoint udp -> {
                InetSocketAddress address = resolve(udp);
                DatagramChannel channel = DatagramChannel.open(family(address));
                try {
                    channel.setOption(StandardSocketOptions.SO_REUSEADDR, options.reuseAddress());
                    if (options.reusePort()) {
                        channel.setOption(StandardSocketOptions.SO_REUSEPORT, true);
                    }
                    channel.bind(address);
                    yield new NioDatagramSocket(channel);
                } catch (IOException | RuntimeException e) {
                    channel.close();
                    throw bindFailure(endpoint, e);
                }
            }
            case UnixDatagramEndpoint unixgram -> throw new UnsupportedOperationException(
                    "the nio backend cannot bind " + unixgram + ": the JDK has no Unix datagram sockets"
                            + " (use a native poller, e.g. --poller epoll)");
            default -> throw new IllegalArgumentException("cannot bind a datagram socket to stream endpoint "
                    + endpoint + "; use listen");
        };
    }

    /** Resolves the host now (bind and connect need an address); the failure names the endpoint. */
    static InetSocketAddress resolve(InetEndpoint endpoint) throws UnknownHostException {
        InetSocketAddress address = new InetSocketAddress(endpoint.host(), endpoint.port());
        if (address.isUnresolved()) {
            throw new UnknownHostException("cannot resolve host '" + endpoint.host() + "' of " + endpoint);
        }
        return address;
    }

    private static ProtocolFamily family(InetSocketAddress address) {
        return address.getAddress() instanceof java.net.Inet6Address ? StandardProtocolFamily.INET6
                : StandardProtocolFamily.INET;
    }

    private static IOException bindFailure(Endpoint endpoint, Exception cause) {
        String reason = cause.getMessage() != null ? cause.getMessage() : cause.getClass().getSimpleName();
        IOException failure = cause instanceof BindException || reason.contains("in use")
                ? new BindException("bind " + endpoint + " failed: " + reason)
                : new IOException("bind " + endpoint + " failed: " + reason);
        failure.initCause(cause);
        return failure;
    }

    /** Whether a stream socket accepts connections at {@code path}: connecting succeeds. */
    private static boolean acceptsConnections(Path path) {
        try (SocketChannel probe = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            probe.connect(UnixDomainSocketAddress.of(path));
            return true;
        } catch (IOException stale) {
            return false;
        }
    }

    @Override
    public String toString() {
        return "nio";
    }
}
