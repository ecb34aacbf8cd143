package io.switchboard.services.files;

import java.io.Closeable;
import java.io.IOException;
import java.nio.channels.FileChannel;

/**
 * A stored file opened for a download: the channel, and the size and SHA-256 of exactly the
 * version it reads (a later upload of the same name replaces the name, not these bytes).
 * Close it when the download ends.
 *
 * @param channel read-only
 * @param size    bytes
 * @param sha256  64 lower-case hex digits
 */
public record OpenedFile(FileChannel channel, long size, String sha256) implements Closeable {

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
