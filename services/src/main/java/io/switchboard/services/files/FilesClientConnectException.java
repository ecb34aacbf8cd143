package io.switchboard.services.files;

import java.io.IOException;

/**
 * A {@link FilesClient} could not start a conversation: the connection was refused or timed out,
 * the host is unknown, or what answered is not a files server (its greeting was not
 * {@code SWITCHBOARD-FILES 1}). The message names the endpoint:
 * {@code cannot connect to tcp://127.0.0.1:9998: Connection refused}.
 *
 * <p>Immutable.
 */
public final class FilesClientConnectException extends IOException {

    /** A failure with its cause. */
    public FilesClientConnectException(String message, Throwable cause) {
        super(message, cause);
    }

    /** A failure without an underlying exception (a wrong greeting). */
    public FilesClientConnectException(String message) {
        super(message);
    }
}
