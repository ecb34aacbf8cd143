package io.switchboard.codec;

import io.switchboard.reactor.Transport;
import java.nio.ByteBuffer;

/**
 * Frames prefixed with their length: a 1, 2, 4 or 8-byte big-endian unsigned integer, then that
 * many bytes. The classic answer to "where does this message end" — the tutorial's image upload
 * sends the size first for the same reason.
 *
 * <pre>
 *   fieldBytes 2
 *   in:     | 00 03 'a' 'b' | 'c' 00 00 00 | 01 'z' |
 *   frames:  "abc"              ""           "z"
 * </pre>
 *
 * <p>A length over {@code maxFrameLength} fails with {@link TooLongFrameException} as soon as the
 * prefix is read, before any of the body is buffered; an 8-byte length with the top bit set is a
 * {@link CorruptFrameException}. At end of stream a frame cut short is a
 * {@link CorruptFrameException} naming how many bytes of how many arrived.
 *
 * <p>Not thread-safe: one per connection (and one per direction: {@link #write} reuses a header buffer).
 */
public final class LengthFieldFramer implements Framer {

    private final int fieldBytes;
    private final long maxFrameLength;
    private final ByteBuffer header;
    private final ByteBuffer outHeader;
    private ByteBuffer body;  // a frame that spans reads; grows up to the maximum
    private long expected = -1; // body length once the prefix is known
    private boolean failed;

    /**
     * @param fieldBytes     1, 2, 4 or 8
     * @param maxFrameLength the longest body accepted; at most what the field can express and at
     *                       most {@link Integer#MAX_VALUE} - 8 (one Java array)
     */
    public LengthFieldFramer(int fieldBytes, long maxFrameLength) {
        if (fieldBytes != 1 && fieldBytes != 2 && fieldBytes != 4 && fieldBytes != 8) {
            throw new IllegalArgumentException("fieldBytes: " + fieldBytes + " (expected: 1, 2, 4 or 8)");
        }
        long fieldMax = fieldBytes == 8 ? Long.MAX_VALUE : (1L << (8 * fieldBytes)) - 1;
        if (maxFrameLength <= 0 || maxFrameLength > Math.min(fieldMax, Integer.MAX_VALUE - 8)) {
            throw new IllegalArgumentException("maxFrameLength: " + maxFrameLength + " (expected: 1 to "
                    + Math.min(fieldMax, Integer.MAX_VALUE - 8) + " for a " + fieldBytes + "-byte length field)");
        }
        this.fieldBytes = fieldBytes;
        this.maxFrameLength = maxFrameLength;
        this.header = ByteBuffer.allocate(fieldBytes);
        this.outHeader = ByteBuffer.allocate(fieldBytes);
    }

    @Override
    public int buffered() {
        return header.position() + (body == null ? 0 : body.position());
    }

    /** Capacity of the body buffer (for tests of the memory bound). */
    int bufferCapacity() {
        return body == null ? 0 : body.capacity();
    }

    @Override
    public void decode(ByteBuffer in, FrameSink sink) throws FrameException {
        if (failed) {
            throw new IllegalStateException("this framer failed earlier; close the connection");
        }
        try {
            while (in.hasRemaining()) {
                if (expected < 0) {
                    if (header.position() == 0 && in.remaining() >= fieldBytes) {
                        expected = checked(readLength(in, in.position()));
                        in.position(in.position() + fieldBytes);
                    } else {
                        while (header.hasRemaining() && in.hasRemaining()) {
                            header.put(in.get());
                        }
                        if (header.hasRemaining()) {
                            return;
                        }
                        expected = checked(readLength(header, 0));
                        header.clear();
                    }
                }
                int length = (int) expected;
                int held = body == null ? 0 : body.position();
                if (held == 0 && in.remaining() >= length) {
                    int start = in.position();
                    int limit = in.limit();
                    in.limit(start + length);
                    try {
                        sink.frameReceived(in);
                    } finally {
                        in.limit(limit).position(start + length);
                    }
                    expected = -1;
                    continue;
                }
                if (body == null || body.capacity() < length) {
                    ByteBuffer bigger = ByteBuffer.allocate(length);
                    if (body != null) {
                        body.flip();
                        bigger.put(body);
                    }
                    body = bigger;
                }
                int take = Math.min(length - held, in.remaining());
                body.put(body.position(), in, in.position(), take);
                body.position(held + take);
                in.position(in.position() + take);
                if (body.position() == length) {
                    body.flip();
                    try {
                        sink.frameReceived(body);
                    } finally {
                        body.clear();
                        expected = -1;
                    }
                }
            }
        } catch (FrameException e) {
            failed = true;
            in.position(in.limit());
            throw e;
        }
    }

    private long readLength(ByteBuffer buffer, int at) {
        return switch (fieldBytes) {
            case 1 -> Byte.toUnsignedLong(buffer.get(at));
            case 2 -> Short.toUnsignedLong(buffer.getShort(at));
            case 4 -> Integer.toUnsignedLong(buffer.getInt(at));
            default -> buffer.getLong(at);
        };
    }

    private long checked(long length) throws FrameException {
        if (length < 0) {
            throw new CorruptFrameException("frame length " + Long.toUnsignedString(length)
                    + " has the sign bit set; an 8-byte length must be below 2^63");
        }
        if (length > maxFrameLength) {
            throw new TooLongFrameException("frame", length, maxFrameLength, false);
        }
        return length;
    }

    @Override
    public void endOfStream(FrameSink sink) throws FrameException {
        if (header.position() > 0) {
            failed = true;
            throw new CorruptFrameException("stream ended inside a length prefix: " + header.position() + " of "
                    + fieldBytes + " bytes");
        }
        if (expected >= 0) {
            failed = true;
            int held = body == null ? 0 : body.position();
            throw new CorruptFrameException("stream ended inside a frame: " + held + " of " + expected + " bytes");
        }
    }

    /** Writes {@code payload}'s remaining bytes as one frame: prefix, then body. */
    public void write(Transport transport, ByteBuffer payload) {
        transport.write(header(payload.remaining()));
        transport.write(payload);
    }

    /**
     * The prefix for a body of {@code length} bytes, in a buffer this framer reuses (so send it at
     * once: {@link Transport#write} copies what it cannot send).
     *
     * @throws IllegalArgumentException if {@code length} exceeds the maximum
     */
    public ByteBuffer header(long length) {
        if (length < 0 || length > maxFrameLength) {
            throw new IllegalArgumentException("frame length (" + length + ") exceeds the allowed maximum ("
                    + maxFrameLength + ")");
        }
        outHeader.clear();
        switch (fieldBytes) {
            case 1 -> outHeader.put((byte) length);
            case 2 -> outHeader.putShort((short) length);
            case 4 -> outHeader.putInt((int) length);
            default -> outHeader.putLong(length);
        }
        return outHeader.flip();
    }
}
