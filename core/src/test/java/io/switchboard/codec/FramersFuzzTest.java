package io.switchboard.codec;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Supplier;

/**
 * Coverage-guided fuzzing of the three framers (docs/security.md, "Fuzzing"). Each input chooses a
 * framer's settings, a way to cut the stream into reads, and the stream. Checked for every input:
 *
 * <ul>
 *   <li>the framer agrees with a straightforward reference framing of the whole stream: the same
 *       frames, and the same failure ({@link TooLongFrameException} or
 *       {@link CorruptFrameException}), never any other exception;
 *   <li>fed in one read, in the chosen reads, or byte by byte, it gives the same outcome;
 *   <li>no frame is over the maximum, and frames put back together with their framing are exactly
 *       the start of the stream: nothing lost, nothing duplicated, nothing reordered;
 *   <li>what it buffers for a partial frame stays within the maximum plus its framing.
 * </ul>
 *
 * <p>Under a plain {@code verify} the stored inputs in {@code FramersFuzzTestInputs/} are replayed;
 * with {@code JAZZER_FUZZ=1} one target is fuzzed.
 */
class FramersFuzzTest {

    /** What a framer made of a stream: its frames, then how it ended. */
    record Outcome(List<String> frames, String failure) {
    }

    @FuzzTest
    void delimiterFramer(FuzzedDataProvider data) {
        byte[] delimiter = data.consumeBytes(data.consumeInt(1, 4));
        if (delimiter.length == 0) {
            delimiter = new byte[] {0};
        }
        int maxFrameLength = data.consumeInt(1, 64);
        boolean strip = data.consumeBoolean();
        int[] reads = reads(data);
        byte[] stream = data.consumeRemainingAsBytes();
        byte[] frameDelimiter = delimiter;

        Outcome expected = referenceDelimited(stream, delimiter, maxFrameLength, strip, false);
        Outcome actual = sameForEveryFeeding(
                () -> new DelimiterFramer(frameDelimiter, maxFrameLength, strip), stream, reads,
                maxFrameLength + frameDelimiter.length);
        assertThat(actual).isEqualTo(expected);

        for (String frame : actual.frames()) {
            assertThat(bytes(frame).length).isLessThanOrEqualTo(maxFrameLength + (strip ? 0 : delimiter.length));
        }
        assertReassemblesToAPrefix(stream, actual.frames(), strip ? delimiter : new byte[0]);
    }

    @FuzzTest
    void lineFramer(FuzzedDataProvider data) {
        int maxLineLength = data.consumeInt(1, 64);
        int[] reads = reads(data);
        byte[] stream = data.consumeRemainingAsBytes();

        Outcome expected = referenceDelimited(stream, new byte[] {'\n'}, maxLineLength, true, true);
        Outcome actual = sameForEveryFeeding(() -> new LineFramer(maxLineLength), stream, reads, maxLineLength + 2);
        assertThat(actual).isEqualTo(expected);

        for (String line : actual.frames()) {
            assertThat(bytes(line).length).isLessThanOrEqualTo(maxLineLength);
            assertThat(line).doesNotContain("\n");
        }
    }

    @FuzzTest
    void lengthFieldFramer(FuzzedDataProvider data) {
        int fieldBytes = data.pickValue(new int[] {1, 2, 4, 8});
        long maxFrameLength = data.consumeLong(1, fieldBytes == 1 ? 255 : 300);
        int[] reads = reads(data);
        byte[] stream = data.consumeRemainingAsBytes();

        Outcome expected = referenceLengthPrefixed(stream, fieldBytes, maxFrameLength);
        Outcome actual = sameForEveryFeeding(() -> new LengthFieldFramer(fieldBytes, maxFrameLength), stream, reads,
                maxFrameLength + fieldBytes);
        assertThat(actual).isEqualTo(expected);

        ByteArrayOutputStream framed = new ByteArrayOutputStream();
        for (String frame : actual.frames()) {
            byte[] body = bytes(frame);
            assertThat((long) body.length).isLessThanOrEqualTo(maxFrameLength);
            ByteBuffer header = new LengthFieldFramer(fieldBytes, maxFrameLength).header(body.length);
            framed.write(header.array(), 0, header.remaining());
            framed.writeBytes(body);
        }
        assertThat(startsWith(stream, framed.toByteArray()))
                .as("prefixes and frames put back together are the start of the stream").isTrue();
    }

    // ---- feeding ----------------------------------------------------------------------------

    /** Up to 8 read sizes (0 means "the rest"), chosen by the input. */
    private static int[] reads(FuzzedDataProvider data) {
        int[] reads = new int[data.consumeInt(0, 8)];
        for (int i = 0; i < reads.length; i++) {
            reads[i] = data.consumeInt(0, 80);
        }
        return reads;
    }

    /** Feeds the stream whole, in the given reads, and byte by byte; all three must agree. */
    private static Outcome sameForEveryFeeding(Supplier<Framer> framers, byte[] stream, int[] reads, long bufferBound) {
        Outcome whole = feed(framers.get(), stream, new int[0], bufferBound);
        Outcome inReads = feed(framers.get(), stream, reads, bufferBound);
        assertThat(inReads).as("fed in reads %s", Arrays.toString(reads)).isEqualTo(whole);
        int[] single = new int[stream.length];
        Arrays.fill(single, 1);
        Outcome byteByByte = feed(framers.get(), stream, single, bufferBound);
        assertThat(byteByByte).as("fed byte by byte").isEqualTo(whole);
        return whole;
    }

    /**
     * Feeds {@code stream} in reads of the given sizes (then the rest), alternating heap buffers
     * that start at a non-zero position with direct buffers, then ends the stream.
     */
    private static Outcome feed(Framer framer, byte[] stream, int[] reads, long bufferBound) {
        List<String> frames = new ArrayList<>();
        FrameSink sink = frame -> frames.add(HexFormat.of().formatHex(copy(frame)));
        int from = 0;
        int read = 0;
        try {
            while (from < stream.length) {
                int size = read < reads.length && reads[read] > 0 ? Math.min(reads[read], stream.length - from)
                        : stream.length - from;
                ByteBuffer in = read % 2 == 0 ? ByteBuffer.wrap(stream, from, size)
                        : ByteBuffer.allocateDirect(size).put(stream, from, size).flip();
                framer.decode(in, sink);
                assertThat(in.hasRemaining()).as("decode consumes all of its input").isFalse();
                assertThat((long) framer.buffered()).as("bytes held for a partial frame").isLessThanOrEqualTo(bufferBound);
                from += size;
                read++;
            }
            framer.endOfStream(sink);
            return new Outcome(frames, null);
        } catch (FrameException e) {
            return new Outcome(frames, e.getClass().getSimpleName());
        }
    }

    // ---- reference framings: obviously right, slow, whole stream at once ---------------------

    private static Outcome referenceDelimited(byte[] stream, byte[] delimiter, int max, boolean strip, boolean lines) {
        List<String> frames = new ArrayList<>();
        int position = 0;
        while (true) {
            int at = indexOf(stream, delimiter, position);
            if (at < 0) {
                int rest = stream.length - position;
                int slack = lines ? 1 : 0;
                if (rest > max + slack + delimiter.length - 1) {
                    return new Outcome(frames, "TooLongFrameException"); // known too long before its end
                }
                if (rest == 0) {
                    return new Outcome(frames, null);
                }
                if (!lines) {
                    return new Outcome(frames, "CorruptFrameException");
                }
                byte[] last = Arrays.copyOfRange(stream, position, stream.length);
                byte[] body = withoutTrailingCr(last);
                if (body.length > max) {
                    return new Outcome(frames, "TooLongFrameException");
                }
                frames.add(HexFormat.of().formatHex(body));
                return new Outcome(frames, null);
            }
            byte[] body = Arrays.copyOfRange(stream, position, at);
            byte[] counted = lines ? withoutTrailingCr(body) : body;
            if (counted.length > max) {
                return new Outcome(frames, "TooLongFrameException");
            }
            byte[] frame = strip ? counted : Arrays.copyOfRange(stream, position, at + delimiter.length);
            frames.add(HexFormat.of().formatHex(frame));
            position = at + delimiter.length;
        }
    }

    private static Outcome referenceLengthPrefixed(byte[] stream, int fieldBytes, long max) {
        List<String> frames = new ArrayList<>();
        int position = 0;
        while (position < stream.length) {
            if (stream.length - position < fieldBytes) {
                return new Outcome(frames, "CorruptFrameException"); // ended inside a prefix
            }
            long length = 0;
            for (int i = 0; i < fieldBytes; i++) {
                length = (length << 8) | (stream[position + i] & 0xff);
            }
            if (length < 0) {
                return new Outcome(frames, "CorruptFrameException"); // an 8-byte length with the sign bit
            }
            if (length > max) {
                return new Outcome(frames, "TooLongFrameException");
            }
            position += fieldBytes;
            if (stream.length - position < length) {
                return new Outcome(frames, "CorruptFrameException"); // ended inside a frame
            }
            frames.add(HexFormat.of().formatHex(stream, position, position + (int) length));
            position += (int) length;
        }
        return new Outcome(frames, null);
    }

    private static void assertReassemblesToAPrefix(byte[] stream, List<String> frames, byte[] strippedDelimiter) {
        ByteArrayOutputStream joined = new ByteArrayOutputStream();
        for (String frame : frames) {
            joined.writeBytes(bytes(frame));
            joined.writeBytes(strippedDelimiter);
        }
        assertThat(startsWith(stream, joined.toByteArray()))
                .as("frames and delimiters put back together are the start of the stream").isTrue();
    }

    private static byte[] withoutTrailingCr(byte[] body) {
        return body.length > 0 && body[body.length - 1] == '\r' ? Arrays.copyOf(body, body.length - 1) : body;
    }

    private static int indexOf(byte[] stream, byte[] delimiter, int from) {
        outer:
        for (int i = from; i <= stream.length - delimiter.length; i++) {
            for (int j = 0; j < delimiter.length; j++) {
                if (stream[i + j] != delimiter[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private static boolean startsWith(byte[] stream, byte[] prefix) {
        return prefix.length <= stream.length && Arrays.equals(stream, 0, prefix.length, prefix, 0, prefix.length);
    }

    private static byte[] copy(ByteBuffer frame) {
        byte[] bytes = new byte[frame.remaining()];
        frame.duplicate().get(bytes);
        return bytes;
    }

    private static byte[] bytes(String hex) {
        return HexFormat.of().parseHex(hex);
    }
}
