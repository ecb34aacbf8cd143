package io.switchboard.services.http;

/**
 * A request that cannot be served as sent: the status to answer with (400, 413, 414, 431, 501,
 * 505) and why. The connection is closed after the answer: the stream can no longer be framed.
 */
public final class HttpParseException extends Exception {

    private static final long serialVersionUID = 1L;

    private final int status;

    /** A parse failure answered with {@code status}. */
    public HttpParseException(int status, String message) {
        super(message);
        this.status = status;
    }

    /** The status to answer with. */
    public int status() {
        return status;
    }
}
