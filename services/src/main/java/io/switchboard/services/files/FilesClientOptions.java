package io.switchboard.services.files;

import java.time.Duration;

/**
 * The limits of a {@link FilesClient}.
 *
 * @param connectTimeout how long connecting may take before it counts as failed (default 10 s)
 * @param idleTimeout    how long any read or write may wait without one byte moving (default 30 s):
 *                       a server that stops answering ends the call with
 *                       {@link FilesClientConnectionLostException} instead of hanging it
 * @param maxLineBytes   the longest reply line accepted, in bytes without its LF (default 8 KiB);
 *                       a longer one is a {@link FilesClientProtocolException}, never buffered whole
 */
public record FilesClientOptions(Duration connectTimeout, Duration idleTimeout, int maxLineBytes) {

    /** 10 s to connect, 30 s idle, 8 KiB reply lines. */
    public static final FilesClientOptions DEFAULTS =
            new FilesClientOptions(Duration.ofSeconds(10), Duration.ofSeconds(30), 8192);

    /** The largest {@code maxLineBytes} (the client's read buffer holds one whole line). */
    static final int MAX_LINE_BYTES_LIMIT = 1 << 20;

    /** Validates every field. */
    public FilesClientOptions {
        requirePositive("connectTimeout", connectTimeout);
        requirePositive("idleTimeout", idleTimeout);
        if (maxLineBytes < 64 || maxLineBytes > MAX_LINE_BYTES_LIMIT) {
            throw new IllegalArgumentException("maxLineBytes: " + maxLineBytes + " (expected: 64 to "
                    + MAX_LINE_BYTES_LIMIT + ")");
        }
    }

    /** The same options with another idle timeout. */
    public FilesClientOptions withIdleTimeout(Duration timeout) {
        return new FilesClientOptions(connectTimeout, timeout, maxLineBytes);
    }

    /** The same options with another connect timeout. */
    public FilesClientOptions withConnectTimeout(Duration timeout) {
        return new FilesClientOptions(timeout, idleTimeout, maxLineBytes);
    }

    private static void requirePositive(String field, Duration value) {
        if (value == null || value.isNegative() || value.isZero() || value.toMillis() == 0) {
            throw new IllegalArgumentException(field + ": " + value + " (expected: at least 1 ms)");
        }
    }
}
