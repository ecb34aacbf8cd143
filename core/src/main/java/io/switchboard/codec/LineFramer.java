package io.switchboard.codec;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Lines ending in {@code \n} or {@code \r\n}: Twisted's {@code LineReceiver}, Python's
 * {@code readline}.
 *
 * <pre>
 *   in:     | "GET / HTTP/1.1\r\nHo" | "st: a\r\n\r\n" |
 *   lines:   "GET / HTTP/1.1"          "Host: a"  ""
 * </pre>
 *
 * <p>The terminator ({@code \n}, and a {@code \r} before it) is stripped. A line longer than
 * {@code maxLineLength} bytes (terminator excluded) fails with
 * {@code line length (70000) exceeds the allowed maximum (65536)} as soon as that many bytes have
 * arrived without a newline. At end of stream a last line without its newline is delivered, as
 * {@code readline} returns it.
 *
 * <p>Not thread-safe: one per connection.
 */
public final class LineFramer extends DelimiterFramer {

    private static final byte[] NEWLINE = {'\n'};

    /** Lines of at most {@code maxLineLength} bytes, terminator excluded. */
    public LineFramer(int maxLineLength) {
        super(NEWLINE, maxLineLength, true, "line");
    }

    @Override
    int countedLength(ByteBuffer frame, int start, int bytes) {
        return bytes - extraStrip(frame, start, bytes);
    }

    @Override
    int extraStrip(ByteBuffer frame, int start, int bytes) {
        return bytes > 0 && frame.get(start + bytes - 1) == '\r' ? 1 : 0;
    }

    @Override
    int slack() {
        return 1; // the CR of a CRLF may follow a line of exactly the maximum length
    }

    @Override
    public void endOfStream(FrameSink sink) throws FrameException {
        deliverRemainder(sink);
    }

    /** {@code text} and a newline, in UTF-8: what a peer's LineFramer reads as one line. */
    public static ByteBuffer encode(String text) {
        return ByteBuffer.wrap((text + "\n").getBytes(StandardCharsets.UTF_8));
    }
}
