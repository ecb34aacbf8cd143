package io.switchboard.codec;

import static io.switchboard.codec.Feeding.feed;
import static io.switchboard.codec.Feeding.sameForEverySplit;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class LengthFieldFramerTest {

    private static byte[] frames(int fieldBytes, String... bodies) {
        LengthFieldFramer writer = new LengthFieldFramer(fieldBytes, 200);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (String body : bodies) {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            ByteBuffer header = writer.header(bytes.length);
            out.write(header.array(), 0, header.remaining());
            out.writeBytes(bytes);
        }
        return out.toByteArray();
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 4, 8})
    void everyPrefixWidthFramesTheSameWhereverTheReadsFall(int fieldBytes) throws FrameException {
        byte[] stream = frames(fieldBytes, "abc", "", "你好", "x".repeat(200));
        assertThat(sameForEverySplit(() -> new LengthFieldFramer(fieldBytes, 200), stream))
                .containsExactly("abc", "", "你好", "x".repeat(200));
    }

    @Test
    void anOversizeLengthFailsBeforeTheBodyArrives() {
        byte[] prefixOnly = {0, 0, 0x01, 0x00}; // 256 > 255, and no body sent at all
        assertThatThrownBy(() -> feed(new LengthFieldFramer(4, 255), prefixOnly))
                .isInstanceOf(TooLongFrameException.class)
                .hasMessage("frame length (256) exceeds the allowed maximum (255)");
    }

    @Test
    void aNegativeEightByteLengthIsCorrupt() {
        byte[] prefix = {(byte) 0x80, 0, 0, 0, 0, 0, 0, 1};
        assertThatThrownBy(() -> feed(new LengthFieldFramer(8, 100), prefix))
                .isInstanceOf(CorruptFrameException.class).hasMessageContaining("sign bit");
    }

    @Test
    void aStreamCutInsideAFrameSaysHowMuchArrived() {
        byte[] cut = {0, 10, 'a', 'b', 'c'};
        assertThatThrownBy(() -> feed(new LengthFieldFramer(2, 100), cut))
                .isInstanceOf(CorruptFrameException.class).hasMessage("stream ended inside a frame: 3 of 10 bytes");
        assertThatThrownBy(() -> feed(new LengthFieldFramer(4, 100), new byte[] {0, 0}))
                .hasMessage("stream ended inside a length prefix: 2 of 4 bytes");
    }

    @Test
    void configurationMistakesAreNamed() {
        assertThatThrownBy(() -> new LengthFieldFramer(3, 10)).hasMessage("fieldBytes: 3 (expected: 1, 2, 4 or 8)");
        assertThatThrownBy(() -> new LengthFieldFramer(1, 256)).hasMessageContaining("expected: 1 to 255");
        assertThatThrownBy(() -> new LengthFieldFramer(2, 10).header(11))
                .hasMessage("frame length (11) exceeds the allowed maximum (10)");
    }

    @Test
    void aWholeFrameInsideOneReadIsLentNotCopied() throws FrameException {
        ByteBuffer read = ByteBuffer.wrap(frames(2, "ab", "cd"));
        List<Boolean> views = new ArrayList<>();
        new LengthFieldFramer(2, 200).decode(read, frame -> views.add(frame.array() == read.array()));
        assertThat(views).containsExactly(true, true);
    }

    @Test
    void theBodyBufferNeverExceedsTheFrame() throws FrameException {
        LengthFieldFramer framer = new LengthFieldFramer(4, 1000);
        Feeding.oneByteAtATime(framer, frames(4, "y".repeat(150)));
        assertThat(framer.bufferCapacity()).isLessThanOrEqualTo(150);
    }
}
