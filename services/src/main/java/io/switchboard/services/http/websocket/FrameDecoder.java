package io.switchboard.services.http.websocket;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Turns a client's bytes into WebSocket messages, incrementally: feed it whatever arrived — a
 * byte at a time, or many frames at once — and it calls {@link Messages} for every whole message
 * and control frame. A pure state machine: no I/O, no threads, no timers.
 *
 * <pre>
 *   in:   81 85 37 fa 21 3d 7f 9f 4d 51 58     (a masked text frame "Hello")
 *   out:  text("Hello")
 *
 *   in:   01 83 ..mask.. "Hel"   89 80 ..mask..   80 82 ..mask.. "lo"
 *   out:                         ping("")         text("Hello")     (a ping between fragments)
 * </pre>
 *
 * <p>What it refuses, with the close code the session sends:
 * <ul>
 *   <li>1002: a reserved bit or opcode, an unmasked frame, a control frame that is fragmented or
 *       longer than 125 bytes, a continuation without a message or a new message inside one, a
 *       64-bit length with its top bit set, a close frame of 1 byte or with a code not allowed
 *       on the wire;</li>
 *   <li>1007: a text message or close reason that is not valid UTF-8;</li>
 *   <li>1009: a message whose length, reassembled, would pass {@code maxMessageBytes} — refused
 *       from the frame header, before its payload is buffered, so memory stays bounded.</li>
 * </ul>
 * After a close frame the rest of the input is ignored; after a refusal the decoder is not used again.
 *
 * <p>Not thread-safe: one decoder per connection, fed from its event loop.
 */
public final class FrameDecoder {

    /** What the decoder found. Buffers are lent: valid only during the call. */
    public interface Messages {
        /** A whole text message, as valid UTF-8. */
        void text(ByteBuffer utf8);

        /** A whole binary message. */
        void binary(ByteBuffer bytes);

        /** A ping; its payload (at most 125 bytes) goes back in the pong. */
        void ping(ByteBuffer payload);

        /** A pong. */
        void pong(ByteBuffer payload);

        /** A close frame: its code ({@link CloseCodes#NO_STATUS} when it had none) and reason. */
        void close(int code, String reason);
    }

    private static final int MAX_CONTROL_PAYLOAD = 125;
    private static final int KEPT_MESSAGE_BUFFER = 4096;

    private final int maxMessageBytes;
    private final byte[] header = new byte[14];
    private int headerFilled;
    private int headerLength = 2;

    private boolean fin;
    private Opcode opcode;
    private long payloadLength;
    private long payloadRead;
    private boolean inPayload;
    private final byte[] mask = new byte[4];
    private final byte[] control = new byte[MAX_CONTROL_PAYLOAD];

    private Opcode messageType; // TEXT or BINARY while a message is in progress, else null
    private byte[] message = new byte[256];
    private int messageLength;
    private boolean closeSeen;

    /** A decoder refusing messages over {@code maxMessageBytes}. */
    public FrameDecoder(int maxMessageBytes) {
        if (maxMessageBytes <= 0) {
            throw new IllegalArgumentException("maxMessageBytes: " + maxMessageBytes + " (expected: > 0)");
        }
        this.maxMessageBytes = maxMessageBytes;
    }

    /**
     * Decodes all of {@code in} (its position moves to its limit), calling {@code out} for each
     * message and control frame completed.
     *
     * @throws WebSocketProtocolException when the peer broke the protocol or a limit; its close
     *                                    code says which
     */
    public void feed(ByteBuffer in, Messages out) throws WebSocketProtocolException {
        while (in.hasRemaining()) {
            if (closeSeen) {
                in.position(in.limit()); // nothing may follow a close frame
                return;
            }
            if (!inPayload) {
                if (!readHeader(in)) {
                    return;
                }
                inPayload = true;
                payloadRead = 0;
            } else {
                readPayload(in);
            }
            if (payloadRead == payloadLength) {
                inPayload = false;
                frameDone(out);
            }
        }
    }

    /** Whether a close frame was decoded (the input after it is ignored). */
    public boolean closeSeen() {
        return closeSeen;
    }

    private boolean readHeader(ByteBuffer in) throws WebSocketProtocolException {
        while (headerFilled < headerLength) {
            if (!in.hasRemaining()) {
                return false;
            }
            header[headerFilled++] = in.get();
            if (headerFilled == 2) {
                headerLength = 2 + checkFirstBytes() + 4;
            }
        }
        int lengthBytes = headerLength - 6;
        long length = header[1] & 0x7F;
        if (lengthBytes == 2) {
            length = ((header[2] & 0xFF) << 8) | (header[3] & 0xFF);
        } else if (lengthBytes == 8) {
            length = 0;
            for (int i = 2; i < 10; i++) {
                length = (length << 8) | (header[i] & 0xFF);
            }
            if (length < 0) {
                throw new WebSocketProtocolException(CloseCodes.PROTOCOL_ERROR,
                        "64-bit payload length has its most significant bit set");
            }
        }
        System.arraycopy(header, headerLength - 4, mask, 0, 4);
        headerFilled = 0;
        headerLength = 2;
        payloadLength = length;
        if (!opcode.isControl()) {
            if (messageLength + length > maxMessageBytes) {
                throw new WebSocketProtocolException(CloseCodes.MESSAGE_TOO_BIG, "message length ("
                        + (messageLength + length) + ") exceeds the limit (" + maxMessageBytes + ")");
            }
            if (opcode != Opcode.CONTINUATION) {
                messageType = opcode;
            }
            int needed = messageLength + (int) length;
            if (message.length < needed) {
                message = java.util.Arrays.copyOf(message, Math.min(maxMessageBytes, Math.max(needed, message.length * 2)));
            }
        }
        return true;
    }

    /** Checks FIN, RSV, opcode, MASK and the 7-bit length; returns how many extended length bytes follow. */
    private int checkFirstBytes() throws WebSocketProtocolException {
        int first = header[0] & 0xFF;
        int second = header[1] & 0xFF;
        fin = (first & 0x80) != 0;
        if ((first & 0x70) != 0) {
            throw new WebSocketProtocolException(CloseCodes.PROTOCOL_ERROR,
                    "reserved bits set (0x" + Integer.toHexString(first & 0x70) + ") but no extension was negotiated");
        }
        opcode = Opcode.of(first & 0x0F);
        if (opcode == null) {
            throw new WebSocketProtocolException(CloseCodes.PROTOCOL_ERROR,
                    "reserved opcode 0x" + Integer.toHexString(first & 0x0F));
        }
        if ((second & 0x80) == 0) {
            throw new WebSocketProtocolException(CloseCodes.PROTOCOL_ERROR, "client frame is not masked");
        }
        int length7 = second & 0x7F;
        if (opcode.isControl()) {
            if (!fin) {
                throw new WebSocketProtocolException(CloseCodes.PROTOCOL_ERROR, "fragmented control frame (" + opcode + ")");
            }
            if (length7 > MAX_CONTROL_PAYLOAD) {
                throw new WebSocketProtocolException(CloseCodes.PROTOCOL_ERROR,
                        opcode + " frame longer than " + MAX_CONTROL_PAYLOAD + " bytes");
            }
        } else if (opcode == Opcode.CONTINUATION && messageType == null) {
            throw new WebSocketProtocolException(CloseCodes.PROTOCOL_ERROR, "continuation frame without a message in progress");
        } else if (opcode != Opcode.CONTINUATION && messageType != null) {
            throw new WebSocketProtocolException(CloseCodes.PROTOCOL_ERROR,
                    opcode + " frame inside a fragmented " + messageType + " message");
        }
        return length7 == 126 ? 2 : length7 == 127 ? 8 : 0;
    }

    private void readPayload(ByteBuffer in) {
        int count = (int) Math.min(in.remaining(), payloadLength - payloadRead);
        byte[] target = opcode.isControl() ? control : message;
        int offset = (opcode.isControl() ? 0 : messageLength) + (int) payloadRead;
        in.get(target, offset, count);
        for (int i = 0; i < count; i++) {
            target[offset + i] ^= mask[(int) ((payloadRead + i) & 3)];
        }
        payloadRead += count;
    }

    private void frameDone(Messages out) throws WebSocketProtocolException {
        int length = (int) payloadLength;
        switch (opcode) {
            case PING -> out.ping(ByteBuffer.wrap(control, 0, length));
            case PONG -> out.pong(ByteBuffer.wrap(control, 0, length));
            case CLOSE -> closeFrame(length, out);
            case TEXT, BINARY, CONTINUATION -> {
                messageLength += length;
                if (fin) {
                    messageDone(out);
                }
            }
        }
    }

    private void closeFrame(int length, Messages out) throws WebSocketProtocolException {
        if (length == 1) {
            throw new WebSocketProtocolException(CloseCodes.PROTOCOL_ERROR, "close frame with a 1-byte payload");
        }
        closeSeen = true;
        if (length == 0) {
            out.close(CloseCodes.NO_STATUS, "");
            return;
        }
        int code = ((control[0] & 0xFF) << 8) | (control[1] & 0xFF);
        if (!CloseCodes.isValidOnWire(code)) {
            throw new WebSocketProtocolException(CloseCodes.PROTOCOL_ERROR, "close code " + code + " may not be sent");
        }
        String reason;
        try {
            reason = decodeUtf8(ByteBuffer.wrap(control, 2, length - 2)).toString();
        } catch (CharacterCodingException e) {
            throw new WebSocketProtocolException(CloseCodes.INVALID_PAYLOAD, "close reason is not valid UTF-8");
        }
        out.close(code, reason);
    }

    private void messageDone(Messages out) throws WebSocketProtocolException {
        ByteBuffer whole = ByteBuffer.wrap(message, 0, messageLength);
        Opcode type = messageType;
        messageType = null;
        messageLength = 0;
        if (message.length > KEPT_MESSAGE_BUFFER) {
            message = new byte[256]; // a big message's buffer is not kept for the connection's life
        }
        if (type == Opcode.TEXT) {
            try {
                decodeUtf8(whole.duplicate());
            } catch (CharacterCodingException e) {
                throw new WebSocketProtocolException(CloseCodes.INVALID_PAYLOAD,
                        "text message of " + whole.remaining() + " bytes is not valid UTF-8");
            }
            out.text(whole);
        } else {
            out.binary(whole);
        }
    }

    /** Strict UTF-8: overlong forms, surrogates and code points past U+10FFFF are refused. */
    private static CharBuffer decodeUtf8(ByteBuffer bytes) throws CharacterCodingException {
        return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT).decode(bytes);
    }
}
