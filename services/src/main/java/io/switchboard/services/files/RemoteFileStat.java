package io.switchboard.services.files;

import java.time.Instant;

/**
 * A file on a files server, as {@code STAT} describes it.
 *
 * @param name     its name
 * @param size     its size in bytes
 * @param modified when it was last stored (millisecond precision)
 * @param sha256   its SHA-256, lower-case hex
 */
public record RemoteFileStat(String name, long size, Instant modified, String sha256) {
}
