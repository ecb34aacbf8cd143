package io.switchboard.services.files;

import java.io.IOException;

/**
 * The server said something the files protocol does not allow: an unknown or malformed reply, a
 * reply line longer than {@link FilesClientOptions#maxLineBytes()}, an offset or size out of range,
 * an {@code OK} for another file. The message quotes the line (cut short when long) and names the
 * endpoint. The client closes the connection: the conversation can no longer be trusted.
 *
 * <p>Immutable.
 */
public final class FilesClientProtocolException extends IOException {

    /** A violation described in {@code message}. */
    public FilesClientProtocolException(String message) {
        super(message);
    }
}
