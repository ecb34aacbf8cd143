package io.switchboard.services.files;

import java.time.Instant;

/**
 * One line of a files server's {@code LIST}.
 *
 * @param name     the file's name
 * @param size     its size in bytes
 * @param modified when it was last stored (millisecond precision)
 */
public record RemoteFileEntry(String name, long size, Instant modified) {
}
