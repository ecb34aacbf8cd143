package io.switchboard.reactor;

import java.time.Duration;

/**
 * Per-connection limits every transport of a reactor uses.
 *
 * @param readBufferSize   bytes one read may fill; the loop's single read buffer has this size
 *                         (default 64 KiB)
 * @param lowWaterMark     queued bytes at or under which a paused writer is told to go on (default 32 KiB)
 * @param highWaterMark    queued bytes over which {@link Transport#isWritable()} turns false (default 64 KiB)
 * @param maxQueuedBytes   queued bytes over which the connection is closed as
 *                         {@link CloseReason.Overloaded} (default 4 MiB)
 * @param lingerTimeout    after a graceful close has sent everything, how long to wait for the
 *                         peer's end of stream before closing anyway (default 2 s); waiting keeps
 *                         unread input from turning the close into a reset that loses the last reply
 * @param maxReadsPerEvent reads per readiness event before the loop serves others (default 16)
 */
public record TransportConfig(int readBufferSize, long lowWaterMark, long highWaterMark, long maxQueuedBytes,
        Duration lingerTimeout, int maxReadsPerEvent) {

    /** The defaults listed above. */
    public static final TransportConfig DEFAULTS =
            new TransportConfig(64 * 1024, 32 * 1024, 64 * 1024, 4L * 1024 * 1024, Duration.ofSeconds(2), 16);

    /** Validates every field; messages name the field and the numbers. */
    public TransportConfig {
        if (readBufferSize < 512) {
            throw new IllegalArgumentException("readBufferSize: " + readBufferSize + " (expected: >= 512)");
        }
        if (lowWaterMark < 0 || lowWaterMark > highWaterMark) {
            throw new IllegalArgumentException("lowWaterMark: " + lowWaterMark
                    + " (expected: 0 to highWaterMark " + highWaterMark + ")");
        }
        if (highWaterMark > maxQueuedBytes) {
            throw new IllegalArgumentException("highWaterMark: " + highWaterMark
                    + " (expected: <= maxQueuedBytes " + maxQueuedBytes + ")");
        }
        if (lingerTimeout == null || lingerTimeout.isNegative()) {
            throw new IllegalArgumentException("lingerTimeout: " + lingerTimeout + " (expected: >= 0)");
        }
        if (maxReadsPerEvent <= 0) {
            throw new IllegalArgumentException("maxReadsPerEvent: " + maxReadsPerEvent + " (expected: > 0)");
        }
    }

    /** These limits with other watermarks. */
    public TransportConfig withWaterMarks(long low, long high) {
        return new TransportConfig(readBufferSize, low, high, Math.max(high, maxQueuedBytes), lingerTimeout,
                maxReadsPerEvent);
    }

    /** These limits with another hard cap on queued bytes. */
    public TransportConfig withMaxQueuedBytes(long max) {
        return new TransportConfig(readBufferSize, Math.min(lowWaterMark, max), Math.min(highWaterMark, max), max,
                lingerTimeout, maxReadsPerEvent);
    }
}
