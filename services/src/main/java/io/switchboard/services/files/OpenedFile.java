package io.switchboard.services.files;

import java.io.Closeable;
import java.io.IOException;
import java.nio.channels.FileChannel;

/**
 * A stored file opened for a download: the channel, and the size and SHA-256 of exactly the
 * version it reads (a later upload of the same name replaces the name, not these bytes).
 * Close it when the download ends.
 *
 * @param channel        read-only
 * @param size           bytes
 * @param modifiedMillis last modified, milliseconds since the epoch
 * @param identity       the file's identity on its filesystem (device and inode), for validators like ETags
 * @param sha256         64 lower-case hex digits; {@code null} when opened without a hash and none was known
 */
public record OpenedFile(FileChannel channel, long size, long modifiedMillis, String identity, String sha256)
        implements Closeable {

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
