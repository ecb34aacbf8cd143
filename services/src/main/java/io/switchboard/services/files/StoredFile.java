package io.switchboard.services.files;

/**
 * One file in the store as {@code LIST} and {@code STAT} report it.
 *
 * @param name           the stored name
 * @param size           bytes
 * @param modifiedMillis last modified, milliseconds since the epoch
 * @param sha256         64 lower-case hex digits, or {@code null} where not computed ({@code LIST})
 */
public record StoredFile(String name, long size, long modifiedMillis, String sha256) {
}
