package io.switchboard.io.linux;

import static io.switchboard.io.linux.Libc.INT;
import static io.switchboard.io.linux.Libc.LONG;
import static io.switchboard.io.linux.Libc.POINTER;

import java.io.IOException;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

/**
 * Binding to {@code poll(2)}.
 *
 * <pre>
 *   struct pollfd { int fd; short events; short revents; };   8 bytes
 * </pre>
 * A negative {@code fd} is skipped by the kernel; the poller uses that to park an entry.
 */
final class Poll {

    static final short POLLIN = 0x001;
    static final short POLLOUT = 0x004;
    static final short POLLERR = 0x008;
    static final short POLLHUP = 0x010;
    static final short POLLNVAL = 0x020;
    static final short POLLRDHUP = 0x2000;
    static final int SIZE = 8;

    private static final MethodHandle POLL = Libc.function("poll", FunctionDescriptor.of(INT, POINTER, LONG, INT));

    private Poll() {
    }

    /** Ready entries; 0 on timeout or EINTR. */
    static int await(MemorySegment fds, int count, int timeoutMillis) throws IOException {
        int n;
        try {
            n = (int) POLL.invokeExact(Libc.capture(), fds, (long) count, timeoutMillis);
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
        return Libc.readyOrInterrupted(n, "poll", "nfds", count);
    }
}
