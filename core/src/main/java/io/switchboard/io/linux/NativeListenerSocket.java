package io.switchboard.io.linux;

import io.switchboard.io.ListenerSocket;
import io.switchboard.io.StreamSocket;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.net.SocketAddress;

/** A non-blocking listening TCP or Unix stream socket on a raw descriptor. */
final class NativeListenerSocket implements ListenerSocket, NativeDescriptor {

    private final int fd;
    private final int family;
    private volatile boolean open = true;
    private NativePoller poller;

    NativeListenerSocket(int fd, int family) {
        this.fd = fd;
        this.family = family;
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
    public StreamSocket accept() throws IOException {
        int accepted = Sockets.accept(fd);
        if (accepted < 0) {
            return null;
        }
        return new NativeStreamSocket(accepted, family, null, false);
    }

    @Override
    public SocketAddress localAddress() throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment storage = arena.allocate(SocketAddresses.STORAGE);
            MemorySegment length = arena.allocate(Libc.INT);
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
        Sockets.close(fd);
    }

    @Override
    public String toString() {
        return "NativeListenerSocket[fd=" + fd + (open ? "" : ", closed") + "]";
    }
}
