package io.switchboard.codec;

import static io.switchboard.codec.Feeding.feed;
import static io.switchboard.codec.Feeding.sameForEverySplit;
import static io.switchboard.codec.Feeding.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LineFramerTest {

    @Test
    void splitsOnNewlineAndCrlfWhereverTheReadsFall() throws FrameException {
        byte[] stream = utf8("hello\nworld\r\n\r\n你好，世界\nlast without newline");
        assertThat(sameForEverySplit(() -> new LineFramer(64), stream))
                .containsExactly("hello", "world", "", "你好，世界", "last without newline");
    }

    @Test
    void aLineOfExactlyTheMaximumPassesWithEitherTerminator() throws FrameException {
        String max = "x".repeat(16);
        assertThat(sameForEverySplit(() -> new LineFramer(16), utf8(max + "\n" + max + "\r\n")))
                .containsExactly(max, max);
    }

    @Test
    void oneByteOverTheMaximumFailsWithTheNumbers() {
        assertThatThrownBy(() -> feed(new LineFramer(16), utf8("x".repeat(17) + "\n")))
                .isInstanceOf(TooLongFrameException.class)
                .hasMessage("line length (17) exceeds the allowed maximum (16)");
        assertThatThrownBy(() -> Feeding.oneByteAtATime(new LineFramer(16), utf8("x".repeat(40))))
                .isInstanceOf(TooLongFrameException.class).hasMessageContaining("exceeds the allowed maximum (16)");
    }

    @Test
    void tenMegabytesWithoutANewlineFailEarlyAndBufferNoMoreThanTheMaximum() {
        LineFramer framer = new LineFramer(4096);
        byte[] chunk = new byte[1500];
        java.util.Arrays.fill(chunk, (byte) 'a');
        int fed = 0;
        try {
            while (fed < 10_000_000) {
                framer.decode(ByteBuffer.wrap(chunk), frame -> { });
                fed += chunk.length;
                assertThat(framer.bufferCapacity()).isLessThanOrEqualTo(4096 + 2);
            }
            throw new AssertionError("no failure after " + fed + " bytes");
        } catch (FrameException e) {
            assertThat(e).isInstanceOf(TooLongFrameException.class);
            assertThat(fed).as("failed within the first few reads").isLessThan(4096 + chunk.length);
        }
        assertThatThrownBy(() -> framer.decode(ByteBuffer.wrap(chunk), frame -> { }))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aFrameInsideOneReadIsAViewOfThatReadNotACopy() throws FrameException {
        ByteBuffer read = ByteBuffer.wrap(utf8("abc\ndef\n"));
        List<Boolean> sameArray = new ArrayList<>();
        new LineFramer(16).decode(read, frame -> sameArray.add(frame.array() == read.array()));
        assertThat(sameArray).containsExactly(true, true);
        assertThat(read.hasRemaining()).isFalse();
    }

    @Test
    void mergedStreamsGiveTheSameFramesAsRandomCuts() throws FrameException {
        StringBuilder text = new StringBuilder();
        List<String> expected = new ArrayList<>();
        Random random = new Random(20261122);
        for (int i = 0; i < 300; i++) {
            String line = "line " + i + " " + "é".repeat(random.nextInt(20));
            expected.add(line);
            text.append(line).append(random.nextBoolean() ? "\n" : "\r\n");
        }
        byte[] stream = utf8(text.toString());
        for (int round = 0; round < 50; round++) {
            int[] cuts = random.ints(random.nextInt(40), 0, stream.length + 1).sorted().distinct().toArray();
            assertThat(feed(new LineFramer(256), stream, cuts)).isEqualTo(expected);
        }
    }

    @Test
    void encodeAddsTheNewline() throws FrameException {
        ByteBuffer line = LineFramer.encode("hi 你");
        List<String> frames = new ArrayList<>();
        new LineFramer(10).decode(line, frame -> frames.add(java.nio.charset.StandardCharsets.UTF_8.decode(frame).toString()));
        assertThat(frames).containsExactly("hi 你");
    }
}
