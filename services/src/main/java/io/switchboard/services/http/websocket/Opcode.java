package io.switchboard.services.http.websocket;

/**
 * A frame's 4-bit opcode (RFC 6455 §5.2). Control frames (close, ping, pong) may come between the
 * fragments of a message; they carry at most 125 bytes and are never fragmented.
 *
 * <p>Immutable.
 */
public enum Opcode {
    /** A further fragment of the message in progress. */
    CONTINUATION(0x0),
    /** The first frame of a UTF-8 text message. */
    TEXT(0x1),
    /** The first frame of a binary message. */
    BINARY(0x2),
    /** The close handshake: an optional 2-byte code and a UTF-8 reason. */
    CLOSE(0x8),
    /** A keep-alive probe: answered by a pong with the same payload. */
    PING(0x9),
    /** The answer to a ping (or an unsolicited heartbeat). */
    PONG(0xA);

    private final int code;

    Opcode(int code) {
        this.code = code;
    }

    /** The value on the wire. */
    public int code() {
        return code;
    }

    /** Whether this is a control frame (close, ping, pong). */
    public boolean isControl() {
        return code >= 0x8;
    }

    /** The opcode for {@code code}, or {@code null} for a reserved value (3-7, B-F). */
    public static Opcode of(int code) {
        return switch (code) {
            case 0x0 -> CONTINUATION;
            case 0x1 -> TEXT;
            case 0x2 -> BINARY;
            case 0x8 -> CLOSE;
            case 0x9 -> PING;
            case 0xA -> PONG;
            default -> null;
        };
    }
}
