package io.switchboard.services.chat;

/**
 * The chat service's limits.
 *
 * @param maxLineBytes    the longest line accepted, in bytes (default 4 KiB); a longer one is
 *                        refused with a message and not sent, and never buffered whole
 * @param maxBacklogBytes bytes that may wait to be sent to one client (default 1 MiB): a client
 *                        that stops reading passes it and is disconnected, with the reason logged,
 *                        so the others are never slowed and memory stays bounded
 * @param linesPerSecond  flood control: the lines one client may send per second, on average
 *                        (default 20; 0 turns flood control off). Every line counts — messages,
 *                        commands, refused lines. A client over the rate is slowed, not dropped:
 *                        the server stops reading from it until it may send again, so TCP pushes
 *                        back on it and none of its lines is lost
 * @param burstLines      how many lines a client that kept under the rate may send at once before
 *                        the rate applies (default 40: a pasted screenful goes through unslowed)
 */
public record ChatOptions(int maxLineBytes, long maxBacklogBytes, double linesPerSecond, int burstLines) {

    /** 4 KiB lines, 1 MiB backlog per client, 20 lines a second with bursts of 40. */
    public static final ChatOptions DEFAULTS = new ChatOptions(4096, 1024 * 1024, 20, 40);

    /** Validates every limit. */
    public ChatOptions {
        if (maxLineBytes <= 0) {
            throw new IllegalArgumentException("maxLineBytes: " + maxLineBytes + " (expected: > 0)");
        }
        if (maxBacklogBytes < maxLineBytes) {
            throw new IllegalArgumentException("maxBacklogBytes: " + maxBacklogBytes + " (expected: >= maxLineBytes "
                    + maxLineBytes + ")");
        }
        if (!(linesPerSecond >= 0) || Double.isInfinite(linesPerSecond)) {
            throw new IllegalArgumentException("linesPerSecond: " + linesPerSecond + " (expected: >= 0, 0 for off)");
        }
        if (burstLines <= 0) {
            throw new IllegalArgumentException("burstLines: " + burstLines + " (expected: > 0)");
        }
    }

    /** With these line and backlog limits and the default flood control. */
    public ChatOptions(int maxLineBytes, long maxBacklogBytes) {
        this(maxLineBytes, maxBacklogBytes, DEFAULTS.linesPerSecond, DEFAULTS.burstLines);
    }

    /** Whether a client's lines are rate-limited. */
    public boolean floodControl() {
        return linesPerSecond > 0;
    }

    /** These limits with another flood control rate ({@code 0}: off) and burst. */
    public ChatOptions withLineRate(double perSecond, int burst) {
        return new ChatOptions(maxLineBytes, maxBacklogBytes, perSecond, burst);
    }

    /** These limits without flood control (benchmarks, tests of other limits). */
    public ChatOptions withoutFloodControl() {
        return withLineRate(0, burstLines);
    }
}
