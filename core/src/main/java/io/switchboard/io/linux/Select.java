package io.switchboard.io.linux;

import static io.switchboard.io.linux.Libc.INT;
import static io.switchboard.io.linux.Libc.POINTER;

import java.io.IOException;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

/**
 * Binding to {@code select(2)}.
 *
 * <pre>
 *   typedef struct { unsigned long fds_bits[FD_SETSIZE / 64]; } fd_set;   128 bytes, bit fd % 64 of word fd / 64
 *   struct timeval { long tv_sec; long tv_usec; };                          16 bytes
 * </pre>
 * {@code FD_SETSIZE} is 1024: select cannot watch a descriptor numbered 1024 or above.
 */
final class Select {

    static final int FD_SETSIZE = 1024;
    static final int FD_SET_BYTES = FD_SETSIZE / 8;

    private static final MethodHandle SELECT =
            Libc.function("select", FunctionDescriptor.of(INT, INT, POINTER, POINTER, POINTER, POINTER));

    private Select() {
    }

    static void set(MemorySegment set, int fd) {
        long word = (long) (fd >>> 6) * 8;
        set.set(Libc.LONG, word, set.get(Libc.LONG, word) | (1L << (fd & 63)));
    }

    static boolean isSet(MemorySegment set, int fd) {
        return (set.get(Libc.LONG, (long) (fd >>> 6) * 8) & (1L << (fd & 63))) != 0;
    }

    /** Ready descriptors; 0 on timeout or EINTR. {@code timeval} is NULL to wait forever. */
    static int await(int nfds, MemorySegment read, MemorySegment write, MemorySegment timeval) throws IOException {
        int n;
        try {
            n = (int) SELECT.invokeExact(Libc.capture(), nfds, read, write, MemorySegment.NULL, timeval);
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
        return Libc.readyOrInterrupted(n, "select", "nfds", nfds);
    }
}
