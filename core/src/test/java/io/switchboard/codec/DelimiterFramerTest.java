package io.switchboard.codec;

import static io.switchboard.codec.Feeding.feed;
import static io.switchboard.codec.Feeding.sameForEverySplit;
import static io.switchboard.codec.Feeding.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class DelimiterFramerTest {

    @Test
    void aMultiByteDelimiterIsFoundAcrossEveryBoundary() throws FrameException {
        byte[] stream = utf8("GET /\r\nHost: a\r\n\r\nbody||\r\n\r\n\r\n\r\n");
        assertThat(sameForEverySplit(() -> new DelimiterFramer(utf8("\r\n\r\n"), 64, true), stream))
                .containsExactly("GET /\r\nHost: a", "body||", "");
    }

    @Test
    void theDelimiterCanBeKept() throws FrameException {
        assertThat(sameForEverySplit(() -> new DelimiterFramer(utf8("||"), 8, false), utf8("a||bb||||")))
                .containsExactly("a||", "bb||", "||");
    }

    @Test
    void aNulDelimitedStream() throws FrameException {
        assertThat(sameForEverySplit(() -> new DelimiterFramer(new byte[] {0}, 8, true), utf8("one\0two\0\0")))
                .containsExactly("one", "two", "");
    }

    @Test
    void limitsAndTheEndOfTheStream() {
        assertThat(catchFrames("12345678||")).containsExactly("12345678");
        assertThatThrownBy(() -> feed(new DelimiterFramer(utf8("||"), 8, true), utf8("123456789||")))
                .isInstanceOf(TooLongFrameException.class)
                .hasMessage("frame length (9) exceeds the allowed maximum (8)");
        assertThatThrownBy(() -> feed(new DelimiterFramer(utf8("||"), 8, true), utf8("abc||cut")))
                .isInstanceOf(CorruptFrameException.class).hasMessageContaining("3 bytes without the delimiter");
        assertThatThrownBy(() -> new DelimiterFramer(new byte[0], 8, true)).hasMessageContaining("delimiter: empty");
        assertThatThrownBy(() -> new DelimiterFramer(utf8("|"), 0, true)).hasMessage("maxFrameLength: 0 (expected: > 0)");
    }

    @Test
    void memoryStaysBoundedWithoutADelimiter() {
        DelimiterFramer framer = new DelimiterFramer(utf8("\r\n\r\n"), 1000, true);
        assertThatThrownBy(() -> Feeding.oneByteAtATime(framer, new byte[5000]))
                .isInstanceOf(TooLongFrameException.class);
        assertThat(framer.bufferCapacity()).isLessThanOrEqualTo(1000 + 4);
    }

    private static java.util.List<String> catchFrames(String text) {
        try {
            return sameForEverySplit(() -> new DelimiterFramer(utf8("||"), 8, true), utf8(text));
        } catch (FrameException e) {
            throw new AssertionError(e);
        }
    }
}
