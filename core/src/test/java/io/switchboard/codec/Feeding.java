package io.switchboard.codec;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/** Feeds a framer a stream in chosen pieces and collects the frames as strings. */
final class Feeding {

    private Feeding() {
    }

    static List<String> feed(Framer framer, byte[] stream, int... cuts) throws FrameException {
        List<String> frames = new ArrayList<>();
        FrameSink sink = frame -> frames.add(StandardCharsets.UTF_8.decode(frame).toString());
        int from = 0;
        for (int cut : cuts) {
            framer.decode(ByteBuffer.wrap(stream, from, cut - from).slice(), sink);
            from = cut;
        }
        framer.decode(ByteBuffer.wrap(stream, from, stream.length - from).slice(), sink);
        framer.endOfStream(sink);
        return frames;
    }

    static List<String> oneByteAtATime(Framer framer, byte[] stream) throws FrameException {
        int[] cuts = new int[Math.max(0, stream.length - 1)];
        for (int i = 0; i < cuts.length; i++) {
            cuts[i] = i + 1;
        }
        return feed(framer, stream, cuts);
    }

    /** The frames must be the same for the whole stream, every two-piece split, and byte by byte. */
    static List<String> sameForEverySplit(Supplier<Framer> framers, byte[] stream) throws FrameException {
        List<String> whole = feed(framers.get(), stream);
        for (int cut = 0; cut <= stream.length; cut++) {
            List<String> split = feed(framers.get(), stream, cut);
            if (!split.equals(whole)) {
                throw new AssertionError("split at " + cut + " gave " + split + " instead of " + whole);
            }
        }
        List<String> bytes = oneByteAtATime(framers.get(), stream);
        if (!bytes.equals(whole)) {
            throw new AssertionError("byte by byte gave " + bytes + " instead of " + whole);
        }
        return whole;
    }

    static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
