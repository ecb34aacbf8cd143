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
 * the sender's {@link SocketAddress}.
 */
final class NativeDatagramSocket implements DatagramSocket, NativeDescriptor {

    private final int fd;
    private final Arena arena = Arena.ofShared();
    private final MemorySegment from = arena.allocate(SocketAddresses.STORAGE);
    private final MemorySegment fromLength = arena.allocate(Libc.INT);
    private final MemorySegment to = arena.allocate(SocketAddresses.STORAGE);
    private volatile boolean open = true;
    private NativePoller poller;

    NativeDatagramSocket(int fd) {
        this.fd = fd;
    }

    @Override
    public int fd() {
        return open ? fd : -1;
    }

    @Override
    public void registeredWith(NativePoller poller) {
        this.poller = poller;
    }

    @Override
    public NativePoller registeredWith() {
        return poller;
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

    @Override
    public SocketAddress localAddress() throws IOException {
        try (Arena call = Arena.ofConfined()) {
            MemorySegment storage = call.allocate(SocketAddresses.STORAGE);
            MemorySegment length = call.allocate(Libc.INT);
            return SocketAddresses.read(storage, Sockets.name(fd, false, storage, length));
        }
    }

    @Override
    public boolean isOpen() {
        return open;
    }

    @Override
    public void close() throws IOException {
        if (!open) {
            return;
        }
        NativePoller registered = poller;
        if (registered != null) {
            registered.forget(this);
        }
        open = false;
        try {
            Sockets.close(fd);
        } finally {
            arena.close();
        }
    }

    @Override
    public String toString() {
        return "NativeDatagramSocket[fd=" + fd + (open ? "" : ", closed") + "]";
    }
}
