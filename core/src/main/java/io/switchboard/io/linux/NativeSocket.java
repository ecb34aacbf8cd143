package io.switchboard.io.linux;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.net.SocketAddress;

/**
 * What every native socket shares: its descriptor, the poller it is registered with (dropped
 * before the descriptor is closed, so its number can be reused safely), and the address calls.
 */
abstract sealed class NativeSocket implements NativeDescriptor
        permits NativeStreamSocket, NativeListenerSocket, NativeDatagramSocket {

    final int fd;
    private volatile boolean open = true;
    private NativePoller poller;

    NativeSocket(int fd) {
        this.fd = fd;
    }

    @Override
    public final int fd() {
        return open ? fd : -1;
    }

    @Override
    public final void registeredWith(NativePoller registeredWith) {
        this.poller = registeredWith;
    }

    @Override
    public final NativePoller registeredWith() {
        return poller;
    }

    public final boolean isOpen() {
        return open;
    }

    /** Deregisters, then closes the descriptor; closing twice does nothing. */
    public final void close() throws IOException {
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
            released();
        }
    }

    /** Frees what the socket holds besides its descriptor (native buffers). */
    void released() {
    }

    public SocketAddress localAddress() throws IOException {
        return address(false);
    }

    /** {@code getsockname} or, with {@code peer}, {@code getpeername}; null for an unnamed Unix socket. */
    final SocketAddress address(boolean peer) throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment storage = arena.allocate(SocketAddresses.STORAGE);
            MemorySegment length = arena.allocate(Libc.INT);
            return SocketAddresses.read(storage, Sockets.name(fd, peer, storage, length));
        }
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[fd=" + fd + (open ? "" : ", closed") + "]";
    }
}
