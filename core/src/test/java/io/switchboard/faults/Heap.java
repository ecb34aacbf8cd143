package io.switchboard.faults;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;

/** Heap in use after a full collection: how the fault tests see that memory stays bounded. */
public final class Heap {

    private static final MemoryMXBean MEMORY = ManagementFactory.getMemoryMXBean();

    private Heap() {
    }

    /** Bytes of heap in use after {@code System.gc()} (a full collection under the default G1). */
    public static long usedAfterGc() {
        MEMORY.gc();
        MEMORY.gc(); // the second one sees what the first one's reference processing freed
        return MEMORY.getHeapMemoryUsage().getUsed();
    }

    /** Bytes as mebibytes with one decimal, for messages. */
    public static String mib(long bytes) {
        return String.format("%.1f MiB", bytes / (1024.0 * 1024.0));
    }
}
