package io.switchboard.io.linux;

import static io.switchboard.io.linux.Libc.INT;
import static io.switchboard.io.linux.Libc.POINTER;

import java.io.IOException;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

/**
 * Bindings to {@code epoll_create1}, {@code epoll_ctl} and {@code epoll_wait}.
 *
 * <pre>
 *   struct epoll_event {          x86-64: packed, 12 bytes    AArch64: 16 bytes
 *       uint32_t     events;      offset 0                    offset 0
 *       epoll_data_t data;        offset 4 (unaligned u64)    offset 8
 *   };
 * </pre>
 * The data field carries the descriptor number; the poller maps it back to a token.
 */
final class Epoll {

    static final int EPOLLIN = 0x001;
    static final int EPOLLOUT = 0x004;
    static final int EPOLLERR = 0x008;
    static final int EPOLLHUP = 0x010;
    static final int EPOLLRDHUP = 0x2000;
    static final int EPOLLET = 1 << 31;
    static final int EPOLL_CTL_ADD = 1;
    static final int EPOLL_CTL_DEL = 2;
    static final int EPOLL_CTL_MOD = 3;
    private static final int EPOLL_CLOEXEC = 0x80000;

    private static final boolean PACKED = "amd64".equals(System.getProperty("os.arch"))
            || "x86_64".equals(System.getProperty("os.arch"));
    /** {@code sizeof(struct epoll_event)}. */
    static final int EVENT_SIZE = PACKED ? 12 : 16;
    private static final int DATA_OFFSET = PACKED ? 4 : 8;

    private static final MethodHandle CREATE = Libc.function("epoll_create1", FunctionDescriptor.of(INT, INT));
    private static final MethodHandle CTL =
            Libc.function("epoll_ctl", FunctionDescriptor.of(INT, INT, INT, INT, POINTER));
    private static final MethodHandle WAIT =
            Libc.function("epoll_wait", FunctionDescriptor.of(INT, INT, POINTER, INT, INT));

    private Epoll() {
    }

    static int create() throws IOException {
        int fd;
        try {
            fd = (int) CREATE.invokeExact(Libc.capture(), EPOLL_CLOEXEC);
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
        if (fd < 0) {
            throw Errno.exception("epoll_create1(EPOLL_CLOEXEC)", Libc.errno());
        }
        return fd;
    }

    /** {@code epoll_ctl(epfd, op, fd, {events, data=fd})}; {@code event} is a scratch of {@link #EVENT_SIZE} bytes. */
    static void ctl(int epfd, int op, int fd, int events, MemorySegment event) throws IOException {
        event.set(ValueLayout.JAVA_INT_UNALIGNED, 0, events);
        event.set(ValueLayout.JAVA_LONG_UNALIGNED, DATA_OFFSET, fd);
        int result;
        try {
            result = (int) CTL.invokeExact(Libc.capture(), epfd, op, fd, event);
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
        if (result < 0) {
            String name = op == EPOLL_CTL_ADD ? "ADD" : op == EPOLL_CTL_MOD ? "MOD" : "DEL";
            throw Errno.exception("epoll_ctl(" + name + ", fd=" + fd + ")", Libc.errno());
        }
    }

    /** Ready events written to {@code events}; 0 on timeout or EINTR. */
    static int await(int epfd, MemorySegment events, int max, int timeoutMillis) throws IOException {
        int n;
        try {
            n = (int) WAIT.invokeExact(Libc.capture(), epfd, events, max, timeoutMillis);
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
        return Libc.readyOrInterrupted(n, "epoll_wait", "epfd", epfd);
    }

    static int eventsAt(MemorySegment events, int i) {
        return events.get(ValueLayout.JAVA_INT_UNALIGNED, (long) i * EVENT_SIZE);
    }

    static int fdAt(MemorySegment events, int i) {
        return (int) events.get(ValueLayout.JAVA_LONG_UNALIGNED, (long) i * EVENT_SIZE + DATA_OFFSET);
    }
}
