package io.switchboard.services.files;

import java.io.IOException;

/**
 * The connection of a {@link FilesClient} ended in the middle of a conversation: the server
 * closed it, it was reset, or nothing moved for the idle timeout. The message says what the client
 * was doing: {@code connection to tcp://127.0.0.1:9998 lost while sending big.iso (at byte 1048576): Broken pipe}.
 *
 * <p>This is the one failure worth retrying: the client closes the connection, its next call
 * connects again, and a repeated {@code put} or {@code get} resumes where the bytes stopped.
 *
 * <p>Immutable.
 */
public final class FilesClientConnectionLostException extends IOException {

    /** A loss with its cause (a reset, a timeout). */
    public FilesClientConnectionLostException(String message, Throwable cause) {
        super(message, cause);
    }

    /** A loss without an underlying exception (the server closed the connection). */
    public FilesClientConnectionLostException(String message) {
        super(message);
    }
}
