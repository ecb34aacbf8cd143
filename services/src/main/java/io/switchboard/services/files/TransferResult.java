package io.switchboard.services.files;

import java.time.Duration;

/**
 * A finished {@code put} or {@code get}.
 *
 * @param name    the file's name on the server
 * @param size    the whole file's size in bytes
 * @param sha256  its SHA-256, lower-case hex, checked by the receiver
 * @param offset  the byte this transfer started from (above 0 when it resumed an earlier one)
 * @param elapsed from the server's go-ahead ({@code READY} or {@code FILE}) to the end
 */
public record TransferResult(String name, long size, String sha256, long offset, Duration elapsed) {

    /** The bytes that crossed the network in this transfer: {@code size - offset}. */
    public long bytesSent() {
        return size - offset;
    }

    /** The transfer rate in bytes per second ({@code bytesSent / elapsed}; 0 when nothing was sent). */
    public double bytesPerSecond() {
        long nanos = Math.max(1, elapsed.toNanos());
        return bytesSent() * 1e9 / nanos;
    }
}
