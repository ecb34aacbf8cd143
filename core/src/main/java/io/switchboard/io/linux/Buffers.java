package io.switchboard.io.linux;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;

/**
 * Moves bytes between {@link ByteBuffer}s and native memory for the socket calls.
 *
 * <p>A direct buffer is passed to the kernel as it is (no copy), by address: its base address is
 * looked up once and remembered per thread, because wrapping it in a {@link MemorySegment} on
 * every call allocates (an event loop reads into the same buffer every time, so the one-entry
 * cache always hits). A heap buffer goes through a per-thread native scratch area of
 * {@link #SCRATCH} bytes; event loops are few, so that is a few hundred KiB per process.
 *
 * <p>A caller passing an address keeps the buffer reachable until the call returns
 * ({@link java.lang.ref.Reference#reachabilityFence}).
 */
final class Buffers {

    static final int SCRATCH = 64 * 1024;
    private static final ThreadLocal<MemorySegment> SCRATCH_AREA =
            ThreadLocal.withInitial(() -> Arena.ofAuto().allocate(SCRATCH, 16));

    private Buffers() {
    }

    private static final class LastBuffer {
        ByteBuffer buffer;
        long base;
    }

    private static final ThreadLocal<LastBuffer> LAST = ThreadLocal.withInitial(LastBuffer::new);

    /** The address of a direct buffer's position. */
    static long address(ByteBuffer direct) {
        LastBuffer last = LAST.get();
        if (last.buffer != direct) {
            last.base = MemorySegment.ofBuffer(direct).address() - direct.position();
            last.buffer = direct;
        }
        return last.base + direct.position();
    }

    private static final ThreadLocal<ByteBuffer> SCRATCH_VIEW = ThreadLocal.withInitial(() -> scratch().asByteBuffer());

    /** This thread's scratch area as a direct buffer (for {@code FileChannel.read}); the same memory as {@link #scratch()}. */
    static ByteBuffer scratchView() {
        return SCRATCH_VIEW.get();
    }

    /** This thread's scratch area. */
    static MemorySegment scratch() {
        return SCRATCH_AREA.get();
    }

    /** Copies {@code n} bytes of {@code src} (not moving its position) into {@code dst}. */
    static void copyOut(ByteBuffer src, MemorySegment dst, int n) {
        copyOut(src, dst, 0, n);
    }

    /** Copies {@code n} bytes of {@code src} (not moving its position) into {@code dst} at {@code at}. */
    static void copyOut(ByteBuffer src, MemorySegment dst, long at, int n) {
        if (src.hasArray()) {
            MemorySegment.copy(src.array(), src.arrayOffset() + src.position(), dst, ValueLayout.JAVA_BYTE, at, n);
        } else {
            MemorySegment.copy(MemorySegment.ofBuffer(src), 0, dst, at, n);
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
