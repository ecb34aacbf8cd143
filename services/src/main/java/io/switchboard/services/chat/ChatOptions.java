package io.switchboard.services.chat;

/**
 * The chat service's limits.
 *
 * @param maxLineBytes   the longest line accepted, in bytes (default 4 KiB); a longer one is
 *                       refused with a message and not sent, and never buffered whole
 * @param maxBacklogBytes bytes that may wait to be sent to one client (default 1 MiB): a client
 *                       that stops reading passes it and is disconnected, with the reason logged,
 *                       so the others are never slowed and memory stays bounded
 */
public record ChatOptions(int maxLineBytes, long maxBacklogBytes) {

    /** 4 KiB lines, 1 MiB backlog per client. */
    public static final ChatOptions DEFAULTS = new ChatOptions(4096, 1024 * 1024);

    /** Validates both limits. */
    public ChatOptions {
        if (maxLineBytes <= 0) {
            throw new IllegalArgumentException("maxLineBytes: " + maxLineBytes + " (expected: > 0)");
        }
        if (maxBacklogBytes < maxLineBytes) {
            throw new IllegalArgumentException("maxBacklogBytes: " + maxBacklogBytes + " (expected: >= maxLineBytes "
                    + maxLineBytes + ")");
        }
    }
}
