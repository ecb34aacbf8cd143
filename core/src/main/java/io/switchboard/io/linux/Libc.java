package io.switchboard.io.linux;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;

/**
 * The FFM plumbing every binding shares: the linker, libc's symbols, and errno capture.
 *
 * <p>Each downcall is made with {@code captureCallState("errno")}, so errno is read from the
 * capture buffer right after the call rather than from a thread-local the JVM may have clobbered.
 * The buffer is one small segment per thread.
 *
 * <p>The one class that calls the FFM API's restricted methods ({@code downcallHandle},
 * {@code reinterpret}), hence the one {@code @SuppressWarnings("restricted")}.
 */
@SuppressWarnings("restricted")
final class Libc {

    static final Linker LINKER = Linker.nativeLinker();
    static final SymbolLookup LOOKUP = LINKER.defaultLookup();
    private static final StructLayout CAPTURE_LAYOUT = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO =
            CAPTURE_LAYOUT.varHandle(MemoryLayout.PathElement.groupElement("errno"));
    private static final Linker.Option CAPTURE_ERRNO = Linker.Option.captureCallState("errno");
    private static final ThreadLocal<MemorySegment> CAPTURE =
            ThreadLocal.withInitial(() -> Arena.ofAuto().allocate(CAPTURE_LAYOUT));
    private static final MethodHandle STRERROR = LINKER.downcallHandle(LOOKUP.find("strerror").orElseThrow(),
            FunctionDescriptor.of(ValueLayout.ADDRESS, ValueLayout.JAVA_INT));

    static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT;
    static final ValueLayout.OfLong LONG = ValueLayout.JAVA_LONG;
    static final ValueLayout.OfShort SHORT = ValueLayout.JAVA_SHORT;
    static final java.lang.foreign.AddressLayout POINTER = ValueLayout.ADDRESS;

    private Libc() {
    }

    /** A downcall handle for {@code name} whose first parameter is the errno capture segment. */
    static MethodHandle function(String name, FunctionDescriptor descriptor, Linker.Option... more) {
        Linker.Option[] options = new Linker.Option[more.length + 1];
        options[0] = CAPTURE_ERRNO;
        System.arraycopy(more, 0, options, 1, more.length);
        MemorySegment symbol = LOOKUP.find(name)
                .orElseThrow(() -> new UnsatisfiedLinkError("libc has no symbol '" + name + "'"));
        return LINKER.downcallHandle(symbol, descriptor, options);
    }

    /** This thread's errno capture segment, to pass as the first argument of a downcall. */
    static MemorySegment capture() {
        return CAPTURE.get();
    }

    /** errno as captured by the last downcall on this thread. */
    static int errno() {
        return (int) ERRNO.get(CAPTURE.get(), 0L);
    }

    /** The C library's text for an errno value, e.g. "Bad file descriptor". */
    static String strerror(int errno) {
        try {
            MemorySegment text = (MemorySegment) STRERROR.invokeExact(errno);
            return text.reinterpret(256).getString(0);
        } catch (Throwable t) {
            return "errno " + errno;
        }
    }

    /**
     * The result of a waiting call ({@code select}, {@code poll}, {@code epoll_wait}): a negative
     * result with EINTR (a signal arrived) is "nothing ready", any other is an exception naming the call
     * as {@code call(argument=value)}. The name is put together only on failure: this runs on every
     * loop iteration, which must not allocate.
     */
    static int readyOrInterrupted(int result, String call, String argument, int value) throws java.io.IOException {
        if (result >= 0) {
            return result;
        }
        int errno = errno();
        if (errno == Errno.EINTR) {
            return 0;
        }
        throw Errno.exception(call + "(" + argument + "=" + value + ")", errno);
    }

    /** Rethrows what a downcall threw; downcalls declare Throwable but only fail on linkage bugs. */
    static RuntimeException rethrow(Throwable t) {
        if (t instanceof RuntimeException runtime) {
            return runtime;
        }
        if (t instanceof Error error) {
            throw error;
        }
        return new IllegalStateException("native call failed", t);
    }
}
