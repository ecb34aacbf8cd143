package io.switchboard.services.http;

import static io.switchboard.services.http.ClientFrames.concat;
import static io.switchboard.services.http.ClientFrames.frame;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.services.http.websocket.CloseCodes;
import io.switchboard.services.http.websocket.FrameDecoder;
import io.switchboard.services.http.websocket.FrameEncoder;
import io.switchboard.services.http.websocket.Opcode;
import io.switchboard.services.http.websocket.WebSocketProtocolException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The frame codec as a pure state machine: every frame form, every malformed one, every split. */
class FrameDecoderTest {

    /** Records what the decoder found as short strings. */
    private static final class Recorder implements FrameDecoder.Messages {
        final List<String> events = new ArrayList<>();

        @Override
        public void text(ByteBuffer utf8) {
            events.add("text:" + StandardCharsets.UTF_8.decode(utf8));
        }

        @Override
        public void binary(ByteBuffer bytes) {
            byte[] copy = new byte[bytes.remaining()];
            bytes.get(copy);
            events.add("binary:" + copy.length + ":" + Arrays.hashCode(copy));
        }

        @Override
        public void ping(ByteBuffer payload) {
            events.add("ping:" + StandardCharsets.UTF_8.decode(payload));
        }

        @Override
        public void pong(ByteBuffer payload) {
            events.add("pong:" + StandardCharsets.UTF_8.decode(payload));
        }

        @Override
        public void close(int code, String reason) {
            events.add("close:" + code + ":" + reason);
        }
    }

    private static List<String> decode(int limit, byte[]... chunks) throws WebSocketProtocolException {
        FrameDecoder decoder = new FrameDecoder(limit);
        Recorder recorder = new Recorder();
        for (byte[] chunk : chunks) {
            ByteBuffer in = ByteBuffer.wrap(chunk);
            decoder.feed(in, recorder);
            assertThat(in.hasRemaining()).isFalse();
        }
        return recorder.events;
    }

    private static List<String> decode(byte[]... chunks) throws WebSocketProtocolException {
        return decode(64 * 1024, chunks);
    }

    private static int refusal(byte[] stream) {
        return refusal(64 * 1024, stream);
    }

    private static int refusal(int limit, byte[] stream) {
        try {
            decode(limit, stream);
        } catch (WebSocketProtocolException e) {
            assertThat(e.getMessage()).isNotBlank();
            return e.closeCode();
        }
        throw new AssertionError("accepted " + HexFormat.of().formatHex(stream));
    }

    private static byte[] bytes(int length, int seed) {
        byte[] payload = new byte[length];
        for (int i = 0; i < length; i++) {
            payload[i] = (byte) (i * 31 + seed);
        }
        return payload;
    }

    @Test
    void decodesTheRfcsMaskedHello() throws Exception {
        assertThat(decode(HexFormat.of().parseHex("818537fa213d7f9f4d5158"))).containsExactly("text:Hello");
    }

    @Test
    void unmasksWithEveryKeyPosition() throws Exception {
        byte[] payload = "abcdefgh-ijklmnop".getBytes(StandardCharsets.US_ASCII);
        assertThat(decode(frame(0x1, payload))).containsExactly("text:abcdefgh-ijklmnop");
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 125, 126, 127, 65535, 65536, 70000})
    void messagesOfEveryLengthEncodingArriveWhole(int length) throws Exception {
        byte[] payload = bytes(length, 7);
        byte[] frame = frame(0x2, payload);
        int expectedHeader = length <= 125 ? 2 : length <= 65535 ? 4 : 10;
        assertThat(frame).hasSize(expectedHeader + 4 + length);
        assertThat(decode(100_000, frame)).containsExactly("binary:" + length + ":" + Arrays.hashCode(payload));
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 125, 126, 65535, 65536})
    void encoderUsesTheSmallestLengthField(int length) {
        byte[] frame = FrameEncoder.frame(Opcode.TEXT, new byte[length]);
        assertThat(frame[0] & 0xFF).isEqualTo(0x81);
        assertThat(frame[1] & 0x80).as("server frames are not masked").isZero();
        switch (frame.length - length) {
            case 2 -> assertThat(frame[1]).isEqualTo((byte) length);
            case 4 -> {
                assertThat(frame[1]).isEqualTo((byte) 126);
                assertThat(((frame[2] & 0xFF) << 8) | (frame[3] & 0xFF)).isEqualTo(length);
            }
            case 10 -> {
                assertThat(frame[1]).isEqualTo((byte) 127);
                assertThat(ByteBuffer.wrap(frame, 2, 8).getLong()).isEqualTo(length);
            }
            default -> throw new AssertionError("header of " + (frame.length - length) + " bytes");
        }
        assertThat(length <= 125 ? 2 : length <= 65535 ? 4 : 10).isEqualTo(frame.length - length);
    }

    @Test
    void encoderWritesCloseCodeAndCutsTheReasonAtACharacter() {
        assertThat(HexFormat.of().formatHex(FrameEncoder.close(1000, ""))).isEqualTo("880203e8");
        byte[] close = FrameEncoder.close(1009, "é".repeat(100));
        assertThat(close[1]).isEqualTo((byte) (2 + 122)); // 61 whole characters; 123 would split one
        assertThat(HexFormat.of().formatHex(FrameEncoder.close(CloseCodes.NO_STATUS, "x"))).isEqualTo("8800");
    }

    @Test
    void fragmentsAreReassembledAroundAPing() throws Exception {
        byte[] stream = concat(
                frame(false, 0, 0x1, true, "Hel".getBytes(StandardCharsets.UTF_8)),
                frame(true, 0, 0x9, true, "p".getBytes(StandardCharsets.UTF_8)),
                frame(false, 0, 0x0, true, new byte[0]),
                frame(true, 0, 0x0, true, "lo".getBytes(StandardCharsets.UTF_8)));
        assertThat(decode(stream)).containsExactly("ping:p", "text:Hello");
    }

    @Test
    void aCharacterSplitAcrossFragmentsIsValid() throws Exception {
        byte[] euro = "€".getBytes(StandardCharsets.UTF_8);
        byte[] stream = concat(frame(false, 0, 0x1, true, Arrays.copyOfRange(euro, 0, 1)),
                frame(true, 0, 0x0, true, Arrays.copyOfRange(euro, 1, 3)));
        assertThat(decode(stream)).containsExactly("text:€");
    }

    @Test
    void everySplitOfAStreamGivesTheSameMessages() throws Exception {
        byte[] stream = concat(
                ClientFrames.text("one"),
                frame(false, 0, 0x1, true, "tw".getBytes(StandardCharsets.UTF_8)),
                frame(true, 0, 0xA, true, new byte[0]),
                frame(true, 0, 0x0, true, "o".getBytes(StandardCharsets.UTF_8)),
                ClientFrames.text("x".repeat(300)),
                frame(0x2, bytes(70_000, 3)),
                ClientFrames.text("héllo 你好"),
                ClientFrames.close(1000, "bye"));
        List<String> whole = decode(100_000, stream);
        assertThat(whole).hasSize(7).startsWith("text:one", "pong:", "text:two").endsWith("close:1000:bye");
        for (int split = 1; split < stream.length; split += split < 400 ? 1 : 97) {
            assertThat(decode(100_000, Arrays.copyOfRange(stream, 0, split), Arrays.copyOfRange(stream, split, stream.length)))
                    .as("split at %d", split).isEqualTo(whole);
        }
        byte[][] single = new byte[stream.length][];
        for (int i = 0; i < stream.length; i++) {
            single[i] = new byte[] {stream[i]};
        }
        assertThat(decode(100_000, single)).as("one byte at a time").isEqualTo(whole);
    }

    @Test
    void closeFramesWithAndWithoutACodeAndNothingAfter() throws Exception {
        assertThat(decode(concat(frame(0x8, new byte[0]), ClientFrames.text("ignored")))).containsExactly("close:1005:");
        assertThat(decode(ClientFrames.close(1001, "gone"))).containsExactly("close:1001:gone");
        assertThat(decode(ClientFrames.close(3000, ""))).containsExactly("close:3000:");
        assertThat(decode(ClientFrames.close(4999, ""))).containsExactly("close:4999:");
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 4, 7})
    void reservedBitsAreAProtocolError(int rsv) {
        assertThat(refusal(frame(true, rsv, 0x1, true, "x".getBytes(StandardCharsets.UTF_8))))
                .isEqualTo(CloseCodes.PROTOCOL_ERROR);
    }

    @ParameterizedTest
    @ValueSource(ints = {0x3, 0x4, 0x7, 0xB, 0xF})
    void reservedOpcodesAreAProtocolError(int opcode) {
        assertThat(refusal(frame(true, 0, opcode, true, new byte[0]))).isEqualTo(CloseCodes.PROTOCOL_ERROR);
    }

    @Test
    void anUnmaskedClientFrameIsAProtocolErrorFromItsSecondByte() {
        byte[] frame = frame(true, 0, 0x1, false, "hi".getBytes(StandardCharsets.UTF_8));
        assertThat(refusal(Arrays.copyOf(frame, 2))).isEqualTo(CloseCodes.PROTOCOL_ERROR);
    }

    @Test
    void controlFramesMustBeShortAndWhole() {
        assertThat(refusal(frame(true, 0, 0x9, true, new byte[126]))).isEqualTo(CloseCodes.PROTOCOL_ERROR);
        assertThat(refusal(frame(false, 0, 0x9, true, new byte[0]))).isEqualTo(CloseCodes.PROTOCOL_ERROR);
        assertThat(refusal(frame(true, 0, 0x8, true, new byte[1]))).isEqualTo(CloseCodes.PROTOCOL_ERROR);
    }

    @Test
    void fragmentsOutOfSequenceAreAProtocolError() {
        assertThat(refusal(frame(true, 0, 0x0, true, "x".getBytes(StandardCharsets.UTF_8))))
                .as("continuation without a message").isEqualTo(CloseCodes.PROTOCOL_ERROR);
        assertThat(refusal(concat(frame(false, 0, 0x1, true, new byte[1]), ClientFrames.text("x"))))
                .as("a new message inside one").isEqualTo(CloseCodes.PROTOCOL_ERROR);
    }

    @Test
    void aLengthWithItsTopBitSetIsAProtocolError() {
        byte[] header = {(byte) 0x82, (byte) 0xFF, (byte) 0x80, 0, 0, 0, 0, 0, 0, 0, 1, 2, 3, 4};
        assertThat(refusal(header)).isEqualTo(CloseCodes.PROTOCOL_ERROR);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 999, 1004, 1005, 1006, 1015, 1016, 2999, 5000, 65535})
    void closeCodesNotAllowedOnTheWireAreAProtocolError(int code) {
        assertThat(refusal(ClientFrames.close(code, ""))).isEqualTo(CloseCodes.PROTOCOL_ERROR);
    }

    @ParameterizedTest
    @ValueSource(strings = {"c0af", "eda080", "f4908080", "e282", "ff", "80"})
    void invalidUtf8TextIsRefusedWith1007(String hex) {
        assertThat(refusal(frame(0x1, HexFormat.of().parseHex(hex)))).isEqualTo(CloseCodes.INVALID_PAYLOAD);
    }

    @Test
    void anInvalidUtf8CloseReasonIsRefusedWith1007() {
        byte[] payload = HexFormat.of().parseHex("03e8c0af");
        assertThat(refusal(frame(0x8, payload))).isEqualTo(CloseCodes.INVALID_PAYLOAD);
    }

    @Test
    void anOversizeMessageIsRefusedFromItsHeaderWithoutBufferingIt() {
        byte[] frame = frame(0x1, new byte[1025]);
        assertThat(refusal(1024, Arrays.copyOf(frame, 8))).as("header and mask only").isEqualTo(CloseCodes.MESSAGE_TOO_BIG);
        assertThatThrownBy(() -> decode(1024, frame)).isInstanceOf(WebSocketProtocolException.class)
                .hasMessage("message length (1025) exceeds the limit (1024)");
    }

    @Test
    void fragmentsAddUpAgainstTheLimit() throws Exception {
        byte[] exactly = concat(frame(false, 0, 0x1, true, new byte[512]), frame(true, 0, 0x0, true, new byte[512]));
        assertThat(decode(1024, exactly)).hasSize(1);
        byte[] over = concat(frame(false, 0, 0x1, true, new byte[512]), frame(true, 0, 0x0, true, new byte[513]));
        assertThat(refusal(1024, over)).isEqualTo(CloseCodes.MESSAGE_TOO_BIG);
    }

    @Test
    void aControlFrameBetweenFragmentsDoesNotCountAgainstTheLimit() throws Exception {
        byte[] stream = concat(frame(false, 0, 0x1, true, new byte[1000]), frame(0x9, new byte[125]),
                frame(true, 0, 0x0, true, new byte[24]));
        assertThat(decode(1024, stream)).hasSize(2);
    }
}
