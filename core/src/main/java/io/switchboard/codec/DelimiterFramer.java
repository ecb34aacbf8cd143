package io.switchboard.codec;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Frames separated by a delimiter, any non-empty byte sequence ({@code \0}, {@code \r\n\r\n}, ...).
 *
 * <pre>
 *   delimiter "||", maxFrameLength 16
 *   in:     | "ab||c" | "d||" |
 *   frames:  "ab"        "cd"          (delimiter stripped; kept with stripDelimiter = false)
 * </pre>
 *
 * <p>A frame longer than {@code maxFrameLength} (delimiter excluded) fails with
 * {@link TooLongFrameException} once {@code maxFrameLength + 1} bytes have arrived without a
 * delimiter; at most {@code maxFrameLength + delimiter length} bytes are ever buffered. End of
 * stream inside a frame is a {@link CorruptFrameException}.
 *
 * <p>Not thread-safe: one per connection.
 */
public class DelimiterFramer implements Framer {

    private final byte[] delimiter;
    private final int maxFrameLength;
    private final boolean stripDelimiter;
    private final String what;
    private ByteBuffer pending; // a frame that spans reads; allocated on first need
    private int scanned;        // bytes of pending already searched for the delimiter
    private boolean failed;

    /**
     * @param delimiter      the separator, not empty
     * @param maxFrameLength the longest frame accepted, delimiter excluded
     * @param stripDelimiter whether delivered frames leave the delimiter out (usual) or keep it
     */
    public DelimiterFramer(byte[] delimiter, int maxFrameLength, boolean stripDelimiter) {
        this(delimiter, maxFrameLength, stripDelimiter, "frame");
    }

    DelimiterFramer(byte[] delimiter, int maxFrameLength, boolean stripDelimiter, String what) {
        if (delimiter == null || delimiter.length == 0) {
            throw new IllegalArgumentException("delimiter: empty (expected: at least one byte)");
        }
        if (maxFrameLength <= 0) {
            throw new IllegalArgumentException("maxFrameLength: " + maxFrameLength + " (expected: > 0)");
        }
        this.delimiter = delimiter.clone();
        this.maxFrameLength = maxFrameLength;
        this.stripDelimiter = stripDelimiter;
        this.what = what;
    }

    /** The longest frame accepted. */
    public int maxFrameLength() {
        return maxFrameLength;
    }

    @Override
    public int buffered() {
        return pending == null ? 0 : pending.position();
    }

    /** Capacity of the internal buffer (for tests of the memory bound). */
    int bufferCapacity() {
        return pending == null ? 0 : pending.capacity();
    }

    /**
     * The length a frame of {@code bytes} bytes (delimiter excluded) counts as against the
     * maximum; {@code frame} holds them from {@code start}. LineFramer discounts a trailing CR.
     */
    int countedLength(ByteBuffer frame, int start, int bytes) {
        return bytes;
    }

    /** How many trailing bytes of the frame body to drop when stripping (LineFramer: a CR). */
    int extraStrip(ByteBuffer frame, int start, int bytes) {
        return 0;
    }

    /** Bytes that may precede the delimiter beyond the maximum (LineFramer: one CR). */
    int slack() {
        return 0;
    }

    @Override
    public final void decode(ByteBuffer in, FrameSink sink) throws FrameException {
        if (failed) {
            throw new IllegalStateException("this framer failed earlier; close the connection");
        }
        try {
            while (in.hasRemaining()) {
                if (buffered() == 0) {
                    if (!fastPath(in, sink)) {
                        return;
                    }
                } else {
                    slowPath(in, sink);
                }
            }
        } catch (FrameException e) {
            failed = true;
            in.position(in.limit());
            throw e;
        }
    }

    /** No partial frame held: find whole frames inside {@code in} and lend them out. */
    private boolean fastPath(ByteBuffer in, FrameSink sink) throws FrameException {
        int start = in.position();
        int at = indexOf(in, start, in.limit());
        if (at < 0) {
            int rest = in.limit() - start;
            int partialDelimiter = Math.min(rest, delimiter.length - 1);
            if (rest - partialDelimiter > maxFrameLength + slack()) {
                throw new TooLongFrameException(what, rest - partialDelimiter, maxFrameLength, true);
            }
            hold(in);
            return false;
        }
        deliver(in, start, at - start, sink);
        in.position(at + delimiter.length);
        return true;
    }

    /** A partial frame is held: add to it until the delimiter appears, then give back what follows. */
    private void slowPath(ByteBuffer in, FrameSink sink) throws FrameException {
        ensureCapacity(Math.min(pending.position() + in.remaining(), capacityBound()));
        int take = Math.min(pending.remaining(), in.remaining());
        int takenFrom = in.position();
        pending.put(pending.position(), in, takenFrom, take);
        pending.position(pending.position() + take);
        in.position(takenFrom + take);
        int searchFrom = Math.max(0, scanned - (delimiter.length - 1));
        int at = indexOf(pending, searchFrom, pending.position());
        if (at < 0) {
            scanned = pending.position();
            int partialDelimiter = Math.min(scanned, delimiter.length - 1);
            if (scanned - partialDelimiter > maxFrameLength + slack()) {
                throw new TooLongFrameException(what, scanned - partialDelimiter, maxFrameLength, true);
            }
            return;
        }
        int after = at + delimiter.length;
        in.position(in.position() - (pending.position() - after)); // give back the bytes past the delimiter
        int end = pending.position();
        pending.limit(end);
        try {
            deliver(pending, 0, at, sink);
        } finally {
            pending.clear();
            scanned = 0;
        }
    }

    private void deliver(ByteBuffer buffer, int start, int bodyLength, FrameSink sink) throws TooLongFrameException {
        int counted = countedLength(buffer, start, bodyLength);
        if (counted > maxFrameLength) {
            throw new TooLongFrameException(what, counted, maxFrameLength, false);
        }
        int length = stripDelimiter ? bodyLength - extraStrip(buffer, start, bodyLength) : bodyLength + delimiter.length;
        int limit = buffer.limit();
        int position = buffer.position();
        buffer.limit(start + length).position(start);
        try {
            sink.frameReceived(buffer);
        } finally {
            buffer.limit(limit).position(position);
        }
    }

    private void hold(ByteBuffer in) {
        int rest = in.remaining();
        ensureCapacity(rest);
        pending.put(in);
        scanned = rest;
    }

    private int capacityBound() {
        return maxFrameLength + slack() + delimiter.length;
    }

    private void ensureCapacity(int needed) {
        int bound = capacityBound();
        if (pending == null) {
            pending = ByteBuffer.allocate(Math.min(bound, Math.max(256, Integer.highestOneBit(Math.max(1, needed)) << 1)));
        } else if (pending.capacity() < needed) {
            int size = Math.min(bound, Math.max(needed, pending.capacity() * 2));
            ByteBuffer bigger = ByteBuffer.allocate(size);
            pending.flip();
            bigger.put(pending);
            pending = bigger;
        }
    }

    private int indexOf(ByteBuffer buffer, int from, int to) {
        byte first = delimiter[0];
        int last = to - delimiter.length;
        outer:
        for (int i = from; i <= last; i++) {
            if (buffer.get(i) != first) {
                continue;
            }
            for (int j = 1; j < delimiter.length; j++) {
                if (buffer.get(i + j) != delimiter[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    @Override
    public void endOfStream(FrameSink sink) throws FrameException {
        int left = buffered();
        if (left > 0) {
            failed = true;
            throw new CorruptFrameException("stream ended inside a " + what + ": " + left
                    + " bytes without the delimiter " + Arrays.toString(delimiter));
        }
    }

    /** Delivers what is held as a last frame without its delimiter (LineFramer's end of stream). */
    void deliverRemainder(FrameSink sink) throws FrameException {
        int left = buffered();
        if (left == 0) {
            return;
        }
        pending.limit(left);
        try {
            deliver(pending, 0, left, sink);
        } finally {
            pending.clear();
            scanned = 0;
        }
    }
}
