package io.switchboard.io.linux;

import io.switchboard.io.DatagramSocket;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.net.SocketAddress;
import java.nio.ByteBuffer;

/**
 * A non-blocking UDP or Unix datagram socket on a raw descriptor. Unix datagram sockets are the
 * reason this class exists: the JDK has none.
 *
 * <p>The address buffers are allocated once per socket, so receiving and sending allocate only
 * the sender's {@link SocketAddress}. They are freed by the garbage collector with the socket, not
 * at {@link #close()}: a send racing a close on another thread must not touch freed memory.
 */
final class NativeDatagramSocket extends NativeSocket implements DatagramSocket {

    private final Arena arena = Arena.ofAuto();
    private final MemorySegment from = arena.allocate(SocketAddresses.STORAGE);
    private final MemorySegment fromLength = arena.allocate(Libc.INT);
    private final MemorySegment to = arena.allocate(SocketAddresses.STORAGE);

    NativeDatagramSocket(int fd) {
        super(fd);
    }

    @Override
    public SocketAddress receive(ByteBuffer dst) throws IOException {
        int want = dst.remaining();
        fromLength.set(Libc.INT, 0, SocketAddresses.STORAGE);
        long n;
        if (dst.isDirect()) {
            n = Sockets.recvfrom(fd, Buffers.address(dst), want, from, fromLength);
            java.lang.ref.Reference.reachabilityFence(dst);
            if (n > 0) {
                dst.position(dst.position() + (int) Math.min(n, want));
            }
        } else {
            MemorySegment scratch = Buffers.scratch();
            n = Sockets.recvfrom(fd, scratch.address(), Math.min(want, Buffers.SCRATCH), from, fromLength);
            if (n > 0) {
                Buffers.copyIn(scratch, dst, (int) Math.min(n, want));
            }
        }
        if (n < 0) {
            return null;
        }
        SocketAddress sender = SocketAddresses.read(from, fromLength.get(Libc.INT, 0));
        return sender != null ? sender : java.net.UnixDomainSocketAddress.of("");
    }

    @Override
    public int send(ByteBuffer src, SocketAddress target) throws IOException {
        int size = src.remaining();
        int toLength = SocketAddresses.write(target, to);
        long n;
        if (src.isDirect()) {
            n = Sockets.sendto(fd, Buffers.address(src), size, to, toLength, String.valueOf(target));
            java.lang.ref.Reference.reachabilityFence(src);
        } else {
            if (size > Buffers.SCRATCH) {
                throw new IOException("datagram of " + size + " bytes exceeds the maximum of " + Buffers.SCRATCH);
            }
            MemorySegment scratch = Buffers.scratch();
            Buffers.copyOut(src, scratch, size);
            n = Sockets.sendto(fd, scratch.address(), size, to, toLength, String.valueOf(target));
        }
        if (n < 0) {
            return 0;
        }
        src.position(src.position() + size);
        return size;
    }
}
