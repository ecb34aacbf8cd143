package io.switchboard.io.linux;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;

/**
 * Moves bytes between {@link ByteBuffer}s and native memory for the socket calls.
 *
 * <p>A direct buffer is passed to the kernel as it is (no copy). A heap buffer goes through a
 * per-thread native scratch area of {@link #SCRATCH} bytes; event loops are few, so that is a few
 * hundred KiB per process.
 */
final class Buffers {

    static final int SCRATCH = 64 * 1024;
    private static final ThreadLocal<MemorySegment> SCRATCH_AREA =
            ThreadLocal.withInitial(() -> Arena.ofAuto().allocate(SCRATCH, 16));

    private Buffers() {
    }

    /** The native view of a direct buffer's remaining bytes. */
    static MemorySegment remaining(ByteBuffer direct) {
        return MemorySegment.ofBuffer(direct);
    }

    /** This thread's scratch area. */
    static MemorySegment scratch() {
        return SCRATCH_AREA.get();
    }

    /** Copies up to {@code n} bytes of {@code src} (not moving its position) into {@code dst}. */
    static void copyOut(ByteBuffer src, MemorySegment dst, int n) {
        if (src.hasArray()) {
            MemorySegment.copy(src.array(), src.arrayOffset() + src.position(), dst, ValueLayout.JAVA_BYTE, 0, n);
        } else {
            MemorySegment.copy(MemorySegment.ofBuffer(src), 0, dst, 0, n);
        }
    }

    /** Copies {@code n} bytes from {@code src} into {@code dst}, advancing its position. */
    static void copyIn(MemorySegment src, ByteBuffer dst, int n) {
        if (dst.hasArray()) {
            MemorySegment.copy(src, ValueLayout.JAVA_BYTE, 0, dst.array(), dst.arrayOffset() + dst.position(), n);
            dst.position(dst.position() + n);
        } else {
            MemorySegment.copy(src, 0, MemorySegment.ofBuffer(dst), 0, n);
            dst.position(dst.position() + n);
        }
    }
}
