package io.switchboard.services.files;

import java.io.IOException;

/**
 * The files server answered a request with {@code ERR <code> <text>}.
 *
 * <p>{@link #code()} is the protocol's word ({@code bad-request}, {@code bad-name},
 * {@code not-found}, {@code too-large}, {@code no-space}, {@code busy}, {@code hash-mismatch},
 * {@code io-error}, or a word a newer server added), {@link #text()} the server's explanation,
 * unfiltered: a program that prints it to a terminal should strip control characters first. The
 * message reads {@code PUT hello.txt to tcp://127.0.0.1:9998: ERR busy: an upload of ... is in progress}.
 *
 * <p>Immutable.
 */
public final class FilesReplyException extends IOException {

    /** An unknown command, a malformed field or an offset beyond the size. */
    public static final String BAD_REQUEST = "bad-request";
    /** The name breaks the protocol's naming rules. */
    public static final String BAD_NAME = "bad-name";
    /** No file of that name. */
    public static final String NOT_FOUND = "not-found";
    /** The size is over the server's maximum. */
    public static final String TOO_LARGE = "too-large";
    /** The server's disk cannot hold the file. */
    public static final String NO_SPACE = "no-space";
    /** Another upload of the same name is in progress. */
    public static final String BUSY = "busy";
    /** The bytes the server received do not have the announced SHA-256. */
    public static final String HASH_MISMATCH = "hash-mismatch";
    /** The server could not read or write its disk. */
    public static final String IO_ERROR = "io-error";

    private final String code;
    private final String text;

    /**
     * @param request what was asked, for the message: {@code PUT hello.txt to tcp://127.0.0.1:9998}
     * @param code    the error word
     * @param text    the server's explanation, possibly empty
     */
    public FilesReplyException(String request, String code, String text) {
        super(request + ": ERR " + code + (text.isEmpty() ? "" : ": " + text));
        this.code = code;
        this.text = text;
    }

    /** The protocol's error word, e.g. {@code busy}. */
    public String code() {
        return code;
    }

    /** The server's explanation for a human, possibly empty. */
    public String text() {
        return text;
    }
}
