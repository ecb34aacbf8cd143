package io.switchboard.io.linux;

import static io.switchboard.io.linux.Libc.INT;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

/**
 * {@code eventfd(2)}: the counter a native poller watches so another thread can wake it.
 * {@link #signal} adds 1 (any thread); {@link #drain} resets it (the polling thread).
 *
 * <p>{@link #signal} and {@link #close} hold the same lock: a wakeup racing a close must neither
 * touch freed memory nor write to a descriptor number the kernel has already handed to a new
 * socket. Wakeups are rare (only when the loop sleeps), so the lock costs nothing measurable.
 */
final class EventFd implements AutoCloseable {

    private static final int EFD_NONBLOCK = 0x800;
    private static final int EFD_CLOEXEC = 0x80000;
    private static final MethodHandle EVENTFD = Libc.function("eventfd", FunctionDescriptor.of(INT, INT, INT));

    private final int fd;
    private final Arena arena = Arena.ofShared();
    private final MemorySegment one = arena.allocate(8, 8);
    private final MemorySegment sink = arena.allocate(8, 8);
    private boolean closed;

    EventFd() throws IOException {
        int result;
        try {
            result = (int) EVENTFD.invokeExact(Libc.capture(), 0, EFD_NONBLOCK | EFD_CLOEXEC);
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
        if (result < 0) {
            arena.close();
            throw Errno.exception("eventfd(0, EFD_NONBLOCK|EFD_CLOEXEC)", Libc.errno());
        }
        fd = result;
        one.set(Libc.LONG, 0, 1L);
    }

    int fd() {
        return fd;
    }

    /** Makes the descriptor readable. Safe from any thread; a full counter (impossible in practice) is ignored. */
    synchronized void signal() {
        if (closed) {
            return;
        }
        try {
            Sockets.write(fd, one.address(), 8);
        } catch (IOException e) {
            // EBADF after close: the poller is gone, nobody to wake
        }
    }

    /** Resets the counter so the descriptor stops being readable. */
    void drain() {
        try {
            Sockets.read(fd, sink.address(), 8);
        } catch (IOException e) {
            // nothing to drain
        }
    }

    @Override
    public synchronized void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            Sockets.close(fd);
        } finally {
            arena.close();
        }
    }
}
