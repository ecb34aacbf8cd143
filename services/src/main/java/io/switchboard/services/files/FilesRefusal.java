package io.switchboard.services.files;

/**
 * A request the files service refuses, with the protocol's error code ({@code bad-name},
 * {@code not-found}, ...) and a sentence for a human: sent as {@code ERR <code> <text>}.
 */
public final class FilesRefusal extends Exception {

    private static final long serialVersionUID = 1L;

    /** The code words of {@code docs/protocols/files.md}. */
    public enum Code {
        BAD_REQUEST, BAD_NAME, NOT_FOUND, TOO_LARGE, NO_SPACE, BUSY, HASH_MISMATCH, IO_ERROR;

        /** The word on the wire: {@code bad-request}, {@code not-found}, ... */
        public String word() {
            return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        }

        /** The code for a wire word, or {@code null} for an unknown one. */
        public static Code ofWord(String word) {
            for (Code code : values()) {
                if (code.word().equals(word)) {
                    return code;
                }
            }
            return null;
        }
    }

    private final Code code;

    /** A refusal with {@code code} and a sentence saying what was wrong. */
    public FilesRefusal(Code code, String text) {
        super(text);
        this.code = code;
    }

    /** A refusal caused by {@code cause} (a disk failure). */
    public FilesRefusal(Code code, String text, Throwable cause) {
        super(text, cause);
        this.code = code;
    }

    /** The protocol's code. */
    public Code code() {
        return code;
    }

    /** The reply line, without its newline: {@code ERR <code> <text>}. */
    public String replyLine() {
        return "ERR " + code.word() + " " + getMessage().replace('\n', ' ').replace('\r', ' ');
    }
}
