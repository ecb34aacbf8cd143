package io.switchboard.services.http.websocket;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Server frames: FIN set, RSV clear, never masked (RFC 6455 §5.1), each message in one frame.
 * The header takes 2, 4 or 10 bytes as the payload needs a 7-, 16- or 64-bit length:
 *
 * <pre>
 *   text("hi")          81 02 68 69
 *   text(300 bytes)     81 7e 01 2c ...
 *   text(70 000 bytes)  81 7f 00 00 00 00 00 01 11 70 ...
 *   close(1000, "")     88 02 03 e8
 * </pre>
 *
 * <p>Stateless; thread-safe.
 */
public final class FrameEncoder {

    /** The most a close reason may take: 125 bytes of control payload minus the 2-byte code. */
    static final int MAX_CLOSE_REASON = 123;

    private FrameEncoder() {
    }

    /** One frame of {@code payload}'s remaining bytes, header and payload in one array; {@code payload} is not moved. */
    public static byte[] frame(Opcode opcode, ByteBuffer payload) {
        int length = payload.remaining();
        int headerLength = headerLength(length);
        byte[] frame = new byte[headerLength + length];
        writeHeader(frame, opcode, length);
        payload.get(payload.position(), frame, headerLength, length);
        return frame;
    }

    /** One frame of {@code payload}. */
    public static byte[] frame(Opcode opcode, byte[] payload) {
        return frame(opcode, ByteBuffer.wrap(payload));
    }

    /** A text frame of {@code text}. */
    public static byte[] text(String text) {
        return frame(Opcode.TEXT, text.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * A close frame with {@code code} and {@code reason}, the reason cut at a character boundary
     * to fit; {@link CloseCodes#NO_STATUS} gives an empty close frame.
     */
    public static byte[] close(int code, String reason) {
        if (code == CloseCodes.NO_STATUS) {
            return frame(Opcode.CLOSE, new byte[0]);
        }
        byte[] text = reason.getBytes(StandardCharsets.UTF_8);
        int length = Math.min(text.length, MAX_CLOSE_REASON);
        while (length < text.length && length > 0 && (text[length] & 0xC0) == 0x80) {
            length--; // never cut a character in two
        }
        byte[] payload = new byte[2 + length];
        payload[0] = (byte) (code >> 8);
        payload[1] = (byte) code;
        System.arraycopy(text, 0, payload, 2, length);
        return frame(Opcode.CLOSE, payload);
    }

    /** 2, 4 or 10: the header size for a payload of {@code length} bytes. */
    static int headerLength(long length) {
        return length <= 125 ? 2 : length <= 0xFFFF ? 4 : 10;
    }

    private static void writeHeader(byte[] frame, Opcode opcode, long length) {
        frame[0] = (byte) (0x80 | opcode.code());
        if (length <= 125) {
            frame[1] = (byte) length;
        } else if (length <= 0xFFFF) {
            frame[1] = 126;
            frame[2] = (byte) (length >> 8);
            frame[3] = (byte) length;
        } else {
            frame[1] = 127;
            for (int i = 0; i < 8; i++) {
                frame[2 + i] = (byte) (length >> (56 - 8 * i));
            }
        }
    }
}
