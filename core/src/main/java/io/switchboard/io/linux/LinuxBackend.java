package io.switchboard.io.linux;

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
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;

/**
 * The native Linux backend: sockets on raw descriptors and one of four pollers, chosen by
 * {@link Kind}. Every kind uses the same sockets; only the poller differs.
 *
 * <p>Thread-safe and stateless.
 */
final class LinuxBackend implements Backend {

    /** The pollers, by the name the {@code --poller} flag uses. */
    enum Kind {
        SELECT("select"), POLL("poll"), EPOLL("epoll"), EPOLL_ET("epoll-et");

        final String flag;

        Kind(String flag) {
            this.flag = flag;
        }
    }

    private final Kind kind;

    LinuxBackend(Kind kind) {
        this.kind = kind;
    }

    @Override
    public String name() {
        return kind.flag;
    }

    @Override
    public Poller openPoller() throws IOException {
        return switch (kind) {
            case SELECT -> new SelectPoller();
            case POLL -> new PollPoller();
            case EPOLL -> new EpollPoller(false);
            case EPOLL_ET -> new EpollPoller(true);
        };
    }

    @Override
    public ListenerSocket listen(Endpoint endpoint, ListenOptions options) throws IOException {
        SocketAddress address = switch (endpoint) {
            case InetEndpoint inet when inet.isStream() -> resolve(inet);
            case UnixEndpoint unix -> {
                UnixSocketFiles.removeStale(unix.path(), unix.toString(), path -> isLive(path, Sockets.SOCK_STREAM));
                yield unix.toSocketAddress();
            }
            default -> throw new IllegalArgumentException("cannot listen on datagram endpoint " + endpoint
                    + "; use bindDatagram");
        };
        int family = SocketAddresses.family(address);
        int fd = Sockets.socket(family, Sockets.SOCK_STREAM);
        try {
            reuse(fd, family, options);
            bind(fd, address, endpoint);
            Sockets.listen(fd, options.backlog());
            return new NativeListenerSocket(fd, family);
        } catch (IOException | RuntimeException e) {
            Sockets.close(fd);
            throw e;
        }
    }

    @Override
    public StreamSocket connect(Endpoint endpoint) throws IOException {
        SocketAddress address = switch (endpoint) {
            case InetEndpoint inet when inet.isStream() -> resolve(inet);
            case UnixEndpoint unix -> unix.toSocketAddress();
            default -> throw new IllegalArgumentException("cannot connect a stream to datagram endpoint " + endpoint);
        };
        int family = SocketAddresses.family(address);
        int fd = Sockets.socket(family, Sockets.SOCK_STREAM);
        try {
            if (family != Sockets.AF_UNIX) {
                Sockets.setIntOption(fd, Sockets.IPPROTO_TCP, Sockets.TCP_NODELAY, 1, "TCP_NODELAY");
            }
            int result;
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment sockaddr = arena.allocate(SocketAddresses.STORAGE);
                int length = SocketAddresses.write(address, sockaddr);
                result = Sockets.connect(fd, sockaddr, length, endpoint.toString());
            }
            return new NativeStreamSocket(fd, family, address, result != 0);
        } catch (IOException | RuntimeException e) {
            Sockets.close(fd);
            throw e;
        }
    }

    @Override
    public DatagramSocket bindDatagram(Endpoint endpoint, ListenOptions options) throws IOException {
        SocketAddress address = switch (endpoint) {
            case UdpEndpoint udp -> resolve(udp);
            case UnixDatagramEndpoint unixgram -> {
                UnixSocketFiles.removeStale(unixgram.path(), unixgram.toString(),
                        path -> isLive(path, Sockets.SOCK_DGRAM));
                yield unixgram.toSocketAddress();
            }
            default -> throw new IllegalArgumentException("cannot bind a datagram socket to stream endpoint "
                    + endpoint + "; use listen");
        };
        int family = SocketAddresses.family(address);
        int fd = Sockets.socket(family, Sockets.SOCK_DGRAM);
        try {
            reuse(fd, family, options);
            bind(fd, address, endpoint);
            return new NativeDatagramSocket(fd);
        } catch (IOException | RuntimeException e) {
            Sockets.close(fd);
            throw e;
        }
    }

    private static void reuse(int fd, int family, ListenOptions options) throws IOException {
        if (family == Sockets.AF_UNIX) {
            return;
        }
        if (options.reuseAddress()) {
            Sockets.setIntOption(fd, Sockets.SOL_SOCKET, Sockets.SO_REUSEADDR, 1, "SO_REUSEADDR");
        }
        if (options.reusePort()) {
            Sockets.setIntOption(fd, Sockets.SOL_SOCKET, Sockets.SO_REUSEPORT, 1, "SO_REUSEPORT");
        }
    }

    private static void bind(int fd, SocketAddress address, Endpoint endpoint) throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment sockaddr = arena.allocate(SocketAddresses.STORAGE);
            int length = SocketAddresses.write(address, sockaddr);
            Sockets.bind(fd, sockaddr, length, endpoint.toString());
        }
    }

    private static InetSocketAddress resolve(InetEndpoint endpoint) throws UnknownHostException {
        InetSocketAddress address = new InetSocketAddress(endpoint.host(), endpoint.port());
        if (address.isUnresolved()) {
            throw new UnknownHostException("cannot resolve host '" + endpoint.host() + "' of " + endpoint);
        }
        return address;
    }

    /** Whether a socket of {@code type} is bound at {@code path}: connect succeeds (ECONNREFUSED means stale). */
    private static boolean isLive(Path path, int type) {
        try {
            int fd = Sockets.socket(Sockets.AF_UNIX, type);
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment sockaddr = arena.allocate(SocketAddresses.STORAGE);
                int length = SocketAddresses.write(java.net.UnixDomainSocketAddress.of(path), sockaddr);
                Sockets.connect(fd, sockaddr, length, path.toString());
                return true;
            } finally {
                Sockets.close(fd);
            }
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public String toString() {
        return kind.flag;
    }
}
