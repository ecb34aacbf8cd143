package io.switchboard.services.files;

import java.io.IOException;

/**
 * A downloaded file does not have the SHA-256 the server announced for it. Nothing is stored under
 * the target name and the partial download is deleted, so the next attempt starts from byte 0.
 *
 * <p>Immutable.
 */
public final class TransferHashMismatchException extends IOException {

    private final String expectedSha256;
    private final String actualSha256;

    /**
     * @param what     the transfer, for the message: {@code GET hello.txt from tcp://127.0.0.1:9998}
     * @param expected the SHA-256 the server announced, lower-case hex
     * @param actual   the SHA-256 of the bytes received, lower-case hex
     */
    public TransferHashMismatchException(String what, String expected, String actual) {
        super(what + ": the bytes received have SHA-256 " + actual + ", the server announced " + expected);
        this.expectedSha256 = expected;
        this.actualSha256 = actual;
    }

    /** The SHA-256 the server announced, lower-case hex. */
    public String expectedSha256() {
        return expectedSha256;
    }

    /** The SHA-256 of the bytes received, lower-case hex. */
    public String actualSha256() {
        return actualSha256;
    }
}
