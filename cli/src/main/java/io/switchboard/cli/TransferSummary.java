package io.switchboard.cli;

import io.switchboard.services.files.TransferResult;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The line that ends a successful transfer, on stdout, the same on a terminal and in a pipe:
 *
 * <pre>
 * stored photo.jpg 4818201 bytes sha256 9f86d0...0f00a08 in 1.2 s (85.0 MB/s)
 * saved photo.jpg 4818201 bytes sha256 9f86d0...0f00a08 in 0.4 s (240.1 MB/s) to copy.jpg
 * </pre>
 *
 * A resumed transfer adds {@code , resumed at byte N}; the rate counts only the bytes sent.
 */
final class TransferSummary {

    private TransferSummary() {
    }

    /** After {@code put}. */
    static String stored(TransferResult result) {
        return "stored " + common(result) + resumed(result);
    }

    /** After {@code get}. */
    static String saved(TransferResult result, Path target) {
        return "saved " + common(result) + " to " + target + resumed(result);
    }

    private static String common(TransferResult result) {
        double seconds = result.elapsed().toNanos() / 1e9;
        return result.name() + " " + result.size() + " bytes sha256 " + result.sha256() + " in "
                + String.format(Locale.ROOT, seconds >= 0.1 ? "%.1f s" : "%.3f s", seconds)
                + " (" + rate(result.bytesPerSecond()) + ")";
    }

    private static String resumed(TransferResult result) {
        return result.offset() > 0 ? ", resumed at byte " + result.offset() : "";
    }

    /** A rate in decimal units: {@code 850 B/s}, {@code 12.5 kB/s}, {@code 85.0 MB/s}, {@code 1.1 GB/s}. */
    static String rate(double bytesPerSecond) {
        if (bytesPerSecond < 1_000) {
            return String.format(Locale.ROOT, "%.0f B/s", bytesPerSecond);
        }
        String[] units = {"kB/s", "MB/s", "GB/s"};
        double value = bytesPerSecond / 1_000;
        int unit = 0;
        while (value >= 1_000 && unit < units.length - 1) {
            value /= 1_000;
            unit++;
        }
        return String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
    }
}
