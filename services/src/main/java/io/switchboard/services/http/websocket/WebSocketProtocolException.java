package io.switchboard.services.http.websocket;

/**
 * The peer broke RFC 6455 (or a limit): the connection is closed with {@link #closeCode()}.
 * Messages carry the numbers, e.g. {@code message length (70000) exceeds the limit (65536)}.
 */
public final class WebSocketProtocolException extends Exception {

    private static final long serialVersionUID = 1L;

    private final int closeCode;

    /** A failure to be answered with {@code closeCode} (see {@link CloseCodes}). */
    public WebSocketProtocolException(int closeCode, String message) {
        super(message);
        this.closeCode = closeCode;
    }

    /** The close code to send the peer. */
    public int closeCode() {
        return closeCode;
    }
}
