package io.switchboard.services.files;

import java.time.Duration;
import java.util.Objects;

/**
 * The files service's limits.
 *
 * @param maxFileBytes       the largest file accepted (default 16 GiB); a larger {@code PUT} is
 *                           refused with {@code ERR too-large} before any byte is sent
 * @param reserveBytes       free space left untouched on the disk (default 64 MiB): an upload
 *                           that would eat into it is refused with {@code ERR no-space}
 * @param maxRequestBytes    the longest request line (default 4096 bytes)
 * @param classicSizeQuiet   how long the classic upload's size (digits with no newline) may pause
 *                           before it counts as complete (default 50 ms)
 */
public record FilesOptions(long maxFileBytes, long reserveBytes, int maxRequestBytes, Duration classicSizeQuiet) {

    /** 16 GiB files, a 64 MiB reserve, 4 KiB request lines, 50 ms for the classic size. */
    public static final FilesOptions DEFAULTS =
            new FilesOptions(16L << 30, 64L << 20, 4096, Duration.ofMillis(50));

    /** Validates every limit. */
    public FilesOptions {
        Objects.requireNonNull(classicSizeQuiet, "classicSizeQuiet");
        if (maxFileBytes < 0) {
            throw new IllegalArgumentException("maxFileBytes: " + maxFileBytes + " (expected: >= 0)");
        }
        if (reserveBytes < 0) {
            throw new IllegalArgumentException("reserveBytes: " + reserveBytes + " (expected: >= 0)");
        }
        if (maxRequestBytes < 64) {
            throw new IllegalArgumentException("maxRequestBytes: " + maxRequestBytes + " (expected: >= 64)");
        }
        if (classicSizeQuiet.isNegative() || classicSizeQuiet.isZero()) {
            throw new IllegalArgumentException("classicSizeQuiet: " + classicSizeQuiet + " (expected: > 0)");
        }
    }

    /** These limits with another maximum file size. */
    public FilesOptions withMaxFileBytes(long max) {
        return new FilesOptions(max, reserveBytes, maxRequestBytes, classicSizeQuiet);
    }

    /** These limits with another disk reserve. */
    public FilesOptions withReserveBytes(long reserve) {
        return new FilesOptions(maxFileBytes, reserve, maxRequestBytes, classicSizeQuiet);
    }
}
