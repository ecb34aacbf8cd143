package io.switchboard.services.chat;

import java.util.function.LongSupplier;

/**
 * A token bucket counting lines: it holds at most {@code burst} tokens, gains one every
 * {@code 1 / perSecond} seconds, and each line spends one. A sender that stays under the rate
 * never waits; one that sends a burst spends its savings, then gets one line per interval.
 *
 * <p>Kept as one timestamp, not a count and a refill loop (the "generic cell rate algorithm"):
 * {@code emptyAt} is the moment the bucket was, or would have been, empty, so
 *
 * <pre>
 *   tokens(now) = min(burst, (now - emptyAt) / interval)
 *
 *   emptyAt ──── interval ──── interval ──── ... ──── now
 *           └── one token each ───────────────────┘
 * </pre>
 *
 * and spending a token moves {@code emptyAt} one interval later (first pulled up to
 * {@code now - burst * interval} so that idle time never saves more than {@code burst}). Integer
 * nanoseconds throughout: no drift, and {@link System#nanoTime()} wrap-around is harmless because
 * only differences are compared.
 *
 * <p>The clock is injectable so the arithmetic can be tested without waiting.
 *
 * <p>Not thread-safe: one per connection, used on its loop (or thread).
 */
final class TokenBucket {

    private final long interval;  // nanoseconds per token
    private final int burst;
    private final LongSupplier clock;
    private long emptyAt;

    /**
     * A full bucket.
     *
     * @param perSecond tokens gained per second (> 0)
     * @param burst     the most tokens held (> 0)
     * @param clock     nanoseconds, as {@link System#nanoTime()}
     */
    TokenBucket(double perSecond, int burst, LongSupplier clock) {
        if (!(perSecond > 0) || Double.isInfinite(perSecond)) {
            throw new IllegalArgumentException("perSecond: " + perSecond + " (expected: > 0 and finite)");
        }
        if (burst <= 0) {
            throw new IllegalArgumentException("burst: " + burst + " (expected: > 0)");
        }
        this.interval = Math.max(1, Math.round(1e9 / perSecond));
        this.burst = burst;
        this.clock = clock;
        this.emptyAt = clock.getAsLong() - burst * interval;
    }

    /** Whether a token is there to spend now. */
    boolean hasToken() {
        return clock.getAsLong() - emptyAt >= interval;
    }

    /**
     * Spends one token. The caller checked {@link #hasToken()}; spending without one is a bug and
     * throws, since it would let a sender past the rate.
     */
    void take() {
        long now = clock.getAsLong();
        long floor = now - burst * interval;
        if (emptyAt - floor < 0) {
            emptyAt = floor; // idle time saves at most a full bucket
        }
        if (now - emptyAt < interval) {
            throw new IllegalStateException("no token to take (next in " + (interval - (now - emptyAt)) + " ns)");
        }
        emptyAt += interval;
    }

    /** Nanoseconds until a token is there to spend; 0 when one is there now. */
    long nanosUntilToken() {
        return Math.max(0, interval - (clock.getAsLong() - emptyAt));
    }

    /** Whether the bucket is full: the sender has been under the rate long enough to burst again. */
    boolean isFull() {
        return clock.getAsLong() - emptyAt >= burst * interval;
    }

    /** Whole tokens there to spend now, 0 to {@code burst}. */
    int tokens() {
        return (int) Math.min(burst, Math.max(0, (clock.getAsLong() - emptyAt) / interval));
    }

    /** Nanoseconds per token. */
    long intervalNanos() {
        return interval;
    }
}
