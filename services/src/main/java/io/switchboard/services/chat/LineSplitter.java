package io.switchboard.services.chat;

import java.nio.ByteBuffer;

/**
 * Cuts a chat connection's bytes into lines, holding at most {@code maxLineBytes} for a line in
 * progress. Unlike a framing error that ends a connection, a line over the limit is skipped up to
 * its newline and reported once, so a client that pastes too much is told and stays connected —
 * and memory never grows past the limit.
 *
 * <p>Not thread-safe: one per connection.
 */
final class LineSplitter {

    /** What the splitter finds. */
    interface Lines {
        /** One line without its {@code \n} (or {@code \r\n}); the buffer is lent for the call. */
        void line(ByteBuffer line);

        /** A line was longer than the limit and was dropped; {@code length} is the bytes seen. */
        void tooLong(long length);

        /**
         * Whether the next line may be reported now; asked before each step of {@link #feed}. The
         * default always says yes. Flood control says no when the sender has no token left, and
         * {@code feed} stops, leaving the rest of its input unread, for a later {@code feed}.
         */
        default boolean accepting() {
            return true;
        }
    }

    private final int maxLineBytes;
    private final ByteBuffer pending;
    private long skipping = -1; // bytes of an oversize line skipped so far, -1 when not skipping
    private long ended;         // lines ended so far (whole or too long)

    LineSplitter(int maxLineBytes) {
        if (maxLineBytes <= 0) {
            throw new IllegalArgumentException("maxLineBytes: " + maxLineBytes + " (expected: > 0)");
        }
        this.maxLineBytes = maxLineBytes;
        this.pending = ByteBuffer.allocate(maxLineBytes + 1); // + a CR before the newline
    }

    /**
     * Consumes {@code in}, reporting each whole line, until it is used up or
     * {@link Lines#accepting()} says no; what is left stays in {@code in} (feed it again later).
     * Each step reports at most one line, so a "no" is never asked to take back a line.
     */
    void feed(ByteBuffer in, Lines lines) {
        while (in.hasRemaining() && lines.accepting()) {
            int newline = indexOf(in, (byte) '\n');
            int end = newline < 0 ? in.limit() : newline;
            int chunk = end - in.position();
            if (skipping >= 0) {
                skipping += chunk;
                in.position(end);
            } else if (pending.position() == 0 && newline >= 0 && chunk <= maxLineBytes + 1) {
                ByteBuffer line = in.slice(in.position(), chunk); // whole line in this read: no copy
                in.position(end);
                deliver(line, lines);
            } else if (chunk > pending.remaining()) {
                skipping = pending.position() + (long) chunk;
                pending.clear();
                in.position(end);
            } else {
                ByteBuffer part = in.slice(in.position(), chunk);
                pending.put(part);
                in.position(end);
                if (newline >= 0) {
                    pending.flip();
                    deliver(pending, lines);
                    pending.clear();
                }
            }
            if (newline >= 0) {
                ended++;
                in.position(newline + 1);
                if (skipping >= 0) {
                    long length = skipping;
                    skipping = -1;
                    lines.tooLong(length);
                }
            }
        }
    }

    /**
     * The line in progress, numbered from 1, while part of it has arrived (held, or skipped as too
     * long); 0 between lines. For the reactor's slowloris guard
     * ({@link io.switchboard.reactor.Protocol#unfinishedMessage()}).
     */
    long unfinishedLine() {
        return pending.position() > 0 || skipping >= 0 ? ended + 1 : 0;
    }

    /** Bytes held for a line in progress. */
    int buffered() {
        return pending.position();
    }

    private void deliver(ByteBuffer line, Lines lines) {
        int length = line.remaining();
        if (length > 0 && line.get(line.limit() - 1) == '\r') {
            line.limit(line.limit() - 1);
            length--;
        }
        if (length > maxLineBytes) {
            lines.tooLong(length);
            return;
        }
        lines.line(line);
    }

    private static int indexOf(ByteBuffer in, byte b) {
        for (int i = in.position(); i < in.limit(); i++) {
            if (in.get(i) == b) {
                return i;
            }
        }
        return -1;
    }
}
