package io.switchboard.services.http.websocket;

/**
 * The close codes this server sends (RFC 6455 §7.4.1), and which codes a peer may send.
 *
 * <p>Constants only; thread-safe.
 */
public final class CloseCodes {

    /** The purpose of the connection is fulfilled. */
    public static final int NORMAL = 1000;
    /** The server is going down (graceful stop), or the page went away. */
    public static final int GOING_AWAY = 1001;
    /** A malformed frame: reserved bits, unmasked, bad lengths, bad sequence, bad close code. */
    public static final int PROTOCOL_ERROR = 1002;
    /** A message of a kind this endpoint does not take (binary, here). */
    public static final int UNSUPPORTED_DATA = 1003;
    /** Stands for "no code in the close frame"; never sent on the wire. */
    public static final int NO_STATUS = 1005;
    /** A text message (or close reason) that is not valid UTF-8. */
    public static final int INVALID_PAYLOAD = 1007;
    /** A message larger than the limit. */
    public static final int MESSAGE_TOO_BIG = 1009;
    /** The server failed. */
    public static final int INTERNAL_ERROR = 1011;

    private CloseCodes() {
    }

    /**
     * Whether a peer may put {@code code} in a close frame: the defined codes 1000-1003 and
     * 1007-1014, and 3000-4999 (registered and private use). 1004-1006 and 1015 are reserved for
     * local use; everything else is unassigned.
     */
    public static boolean isValidOnWire(int code) {
        return (code >= 1000 && code <= 1003) || (code >= 1007 && code <= 1014) || (code >= 3000 && code <= 4999);
    }
}
