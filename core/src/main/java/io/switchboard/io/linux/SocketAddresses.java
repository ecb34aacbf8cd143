package io.switchboard.io.linux;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Java socket addresses to and from the kernel's {@code sockaddr} structures:
 * <pre>
 *   struct sockaddr_in  { sa_family_t family; in_port_t port; struct in_addr addr; char zero[8]; }   16 bytes
 *   struct sockaddr_in6 { sa_family_t family; in_port_t port; uint32_t flowinfo;
 *                         struct in6_addr addr; uint32_t scope_id; }                                 28 bytes
 *   struct sockaddr_un  { sa_family_t family; char path[108]; }                                     110 bytes
 * </pre>
 * Ports and IPv4/IPv6 addresses are in network byte order; the family in host order.
 */
final class SocketAddresses {

    /** {@code sizeof(struct sockaddr_storage)}: room for any address. */
    static final int STORAGE = 128;
    private static final ValueLayout.OfShort NET_SHORT =
            ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    private static final int UNIX_PATH = 108;

    private SocketAddresses() {
    }

    static int family(SocketAddress address) {
        return switch (address) {
            case UnixDomainSocketAddress unix -> Sockets.AF_UNIX;
            case InetSocketAddress inet when inet.getAddress() instanceof Inet6Address -> Sockets.AF_INET6;
            case InetSocketAddress inet -> Sockets.AF_INET;
            default -> throw new IllegalArgumentException("unsupported address " + address);
        };
    }

    /** Writes {@code address} into {@code out} (at least {@link #STORAGE} bytes); returns its length. */
    static int write(SocketAddress address, MemorySegment out) throws IOException {
        out.asSlice(0, STORAGE).fill((byte) 0);
        switch (address) {
            case UnixDomainSocketAddress unix -> {
                byte[] path = unix.getPath().toString().getBytes(StandardCharsets.UTF_8);
                if (path.length >= UNIX_PATH) {
                    throw new IOException("unix socket path is " + path.length + " bytes, over the limit of "
                            + (UNIX_PATH - 1) + ": " + unix.getPath());
                }
                out.set(ValueLayout.JAVA_SHORT, 0, (short) Sockets.AF_UNIX);
                MemorySegment.copy(path, 0, out, ValueLayout.JAVA_BYTE, 2, path.length);
                return 2 + path.length + 1;
            }
            case InetSocketAddress inet -> {
                InetAddress ip = inet.getAddress();
                if (ip == null) {
                    throw new IOException("unresolved address " + inet);
                }
                if (ip instanceof Inet6Address v6) {
                    out.set(ValueLayout.JAVA_SHORT, 0, (short) Sockets.AF_INET6);
                    out.set(NET_SHORT, 2, (short) inet.getPort());
                    MemorySegment.copy(v6.getAddress(), 0, out, ValueLayout.JAVA_BYTE, 8, 16);
                    out.set(ValueLayout.JAVA_INT_UNALIGNED, 24, v6.getScopeId());
                    return 28;
                }
                out.set(ValueLayout.JAVA_SHORT, 0, (short) Sockets.AF_INET);
                out.set(NET_SHORT, 2, (short) inet.getPort());
                MemorySegment.copy(((Inet4Address) ip).getAddress(), 0, out, ValueLayout.JAVA_BYTE, 4, 4);
                return 16;
            }
            default -> throw new IllegalArgumentException("unsupported address " + address);
        }
    }

    /** Reads the address the kernel wrote into {@code in}; {@code null} for an unnamed Unix socket. */
    static SocketAddress read(MemorySegment in, int length) throws IOException {
        if (length < 2) {
            return null;
        }
        int family = in.get(ValueLayout.JAVA_SHORT, 0);
        switch (family) {
            case Sockets.AF_INET -> {
                byte[] ip = new byte[4];
                MemorySegment.copy(in, ValueLayout.JAVA_BYTE, 4, ip, 0, 4);
                return new InetSocketAddress(InetAddress.getByAddress(ip), Short.toUnsignedInt(in.get(NET_SHORT, 2)));
            }
            case Sockets.AF_INET6 -> {
                byte[] ip = new byte[16];
                MemorySegment.copy(in, ValueLayout.JAVA_BYTE, 8, ip, 0, 16);
                int scope = in.get(ValueLayout.JAVA_INT_UNALIGNED, 24);
                InetAddress address = scope != 0 ? Inet6Address.getByAddress(null, ip, scope)
                        : InetAddress.getByAddress(ip);
                return new InetSocketAddress(address, Short.toUnsignedInt(in.get(NET_SHORT, 2)));
            }
            case Sockets.AF_UNIX -> {
                int max = Math.min(length - 2, UNIX_PATH);
                if (max <= 0) {
                    return null; // unnamed: a client that did not bind
                }
                byte[] raw = new byte[max];
                MemorySegment.copy(in, ValueLayout.JAVA_BYTE, 2, raw, 0, max);
                int end = 0;
                while (end < max && raw[end] != 0) {
                    end++;
                }
                if (end == 0) {
                    return null;
                }
                return UnixDomainSocketAddress.of(new String(raw, 0, end, StandardCharsets.UTF_8));
            }
            default -> throw new IOException("unknown address family " + family);
        }
    }
}
