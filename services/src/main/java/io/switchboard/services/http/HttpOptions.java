package io.switchboard.services.http;

import java.time.Duration;
import java.util.Objects;

/**
 * The HTTP service's limits.
 *
 * @param limits      the request parser's limits (header block, target, body)
 * @param idleTimeout how long a keep-alive connection may sit idle, and how long a request may take
 *                    to arrive once started (then 408), default 30 s
 */
public record HttpOptions(HttpRequestParser.Limits limits, Duration idleTimeout) {

    /** 16 KiB header block, 8 KiB target, 1 MiB body, 30 s idle. */
    public static final HttpOptions DEFAULTS = new HttpOptions(HttpRequestParser.Limits.DEFAULTS, Duration.ofSeconds(30));

    /** Validates the timeout. */
    public HttpOptions {
        Objects.requireNonNull(limits, "limits");
        if (idleTimeout.isNegative() || idleTimeout.isZero()) {
            throw new IllegalArgumentException("idleTimeout: " + idleTimeout + " (expected: > 0)");
        }
    }

    /** These options with another idle timeout. */
    public HttpOptions withIdleTimeout(Duration timeout) {
        return new HttpOptions(limits, timeout);
    }
}
