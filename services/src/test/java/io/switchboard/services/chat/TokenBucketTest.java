package io.switchboard.services.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The bucket's arithmetic on a clock the test moves: no waiting, no wall clock. */
class TokenBucketTest {

    private static final long MS = 1_000_000;

    private final AtomicLong now = new AtomicLong(123_456_789_000L);

    /** Takes every token there is now and says how many. */
    private static int drain(TokenBucket bucket) {
        int taken = 0;
        while (bucket.hasToken()) {
            bucket.take();
            taken++;
        }
        return taken;
    }

    @Test
    void startsFullThenGivesOneTokenPerInterval() {
        TokenBucket bucket = new TokenBucket(20, 40, now::get);
        assertThat(bucket.isFull()).isTrue();
        assertThat(bucket.tokens()).isEqualTo(40);
        assertThat(drain(bucket)).isEqualTo(40);
        assertThat(bucket.nanosUntilToken()).isEqualTo(50 * MS);
        now.addAndGet(49 * MS);
        assertThat(bucket.hasToken()).isFalse();
        assertThat(bucket.nanosUntilToken()).isEqualTo(MS);
        now.addAndGet(MS);
        assertThat(drain(bucket)).isEqualTo(1);
    }

    @Test
    void aGreedySenderGetsTheBurstPlusTheRateAndNoMore() {
        TokenBucket bucket = new TokenBucket(20, 40, now::get);
        int taken = drain(bucket);
        // ten simulated seconds, the sender polling every 7 ms (not a multiple of the interval)
        for (long t = 0; t < 10_000; t += 7) {
            now.addAndGet(7 * MS);
            taken += drain(bucket);
        }
        long elapsedMs = (10_000 / 7 + 1) * 7L;
        assertThat(taken).isEqualTo(40 + (int) (elapsedMs / 50));
    }

    @Test
    void lateWakeUpsDoNotLoseTokens() {
        TokenBucket bucket = new TokenBucket(100, 5, now::get);
        drain(bucket);
        int taken = 0;
        for (int i = 0; i < 100; i++) {
            now.addAndGet(10 * MS + 3 * MS); // every wake-up 3 ms late
            taken += drain(bucket);
        }
        // 1.3 s at 100/s: 130 tokens, however the wake-ups fell (never more than the burst saved)
        assertThat(taken).isEqualTo(130);
    }

    @Test
    void idleTimeSavesAtMostTheBurst() {
        TokenBucket bucket = new TokenBucket(20, 40, now::get);
        drain(bucket);
        now.addAndGet(3_600_000 * MS);
        assertThat(bucket.isFull()).isTrue();
        assertThat(drain(bucket)).isEqualTo(40);
    }

    @Test
    void fractionalRatesWork() {
        TokenBucket bucket = new TokenBucket(0.5, 1, now::get); // IRC's pace: one line per two seconds
        assertThat(drain(bucket)).isEqualTo(1);
        assertThat(bucket.nanosUntilToken()).isEqualTo(2_000 * MS);
        now.addAndGet(1_999 * MS);
        assertThat(bucket.hasToken()).isFalse();
        now.addAndGet(MS);
        assertThat(drain(bucket)).isEqualTo(1);
    }

    @Test
    void survivesTheClockWrappingAround() {
        now.set(Long.MAX_VALUE - 30 * MS);
        TokenBucket bucket = new TokenBucket(20, 2, now::get);
        assertThat(drain(bucket)).isEqualTo(2);
        now.addAndGet(100 * MS); // past Long.MAX_VALUE: nanoTime may do this
        assertThat(drain(bucket)).isEqualTo(2);
    }

    @Test
    void takingWithoutATokenIsABug() {
        TokenBucket bucket = new TokenBucket(1, 1, now::get);
        bucket.take();
        assertThatThrownBy(bucket::take).isInstanceOf(IllegalStateException.class).hasMessageContaining("no token");
    }

    @Test
    void badSettingsAreRefusedWithTheirNumbers() {
        assertThatThrownBy(() -> new TokenBucket(0, 1, now::get)).hasMessage("perSecond: 0.0 (expected: > 0 and finite)");
        assertThatThrownBy(() -> new TokenBucket(Double.NaN, 1, now::get)).hasMessageContaining("perSecond: NaN");
        assertThatThrownBy(() -> new TokenBucket(1, 0, now::get)).hasMessage("burst: 0 (expected: > 0)");
        assertThatThrownBy(() -> new ChatOptions(4096, 1 << 20, -1, 1)).hasMessageContaining("linesPerSecond: -1.0");
        assertThatThrownBy(() -> new ChatOptions(4096, 1 << 20, 1, 0)).hasMessageContaining("burstLines: 0");
        assertThat(ChatOptions.DEFAULTS.withoutFloodControl().floodControl()).isFalse();
    }
}
