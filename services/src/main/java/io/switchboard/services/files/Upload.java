package io.switchboard.services.files;

import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;

/**
 * One upload in progress: bytes go to a hidden partial file beside the final name and through a
 * SHA-256 digest; {@link #finish} verifies, forces to disk and renames atomically. Every method
 * does disk work: call them on a worker thread, never an event loop.
 *
 * <p>Not thread-safe: one session drives it, one call at a time. Every path ends in exactly one of
 * {@link #finish}, {@link #suspend} or {@link #discard}, which release the name.
 */
public final class Upload {

    private static final Logger LOG = System.getLogger(Upload.class.getName());

    private final FileStorage storage;
    private final String name; // the final name; null for a classic upload until it is finished
    private final Path partial;
    private final long size;
    private final String expectedSha256; // null for a classic upload
    private final FileChannel channel;
    private final FileLock lock;
    private final MessageDigest digest;
    private final long offset;
    private final byte[] head = new byte[ContentKinds.HEAD_BYTES];
    private int headLength;
    private long received;
    private boolean ended;

    Upload(FileStorage storage, String name, Path partial, long size, String expectedSha256, FileChannel channel,
            FileLock lock, MessageDigest digest, long offset) {
        this.storage = storage;
        this.name = name;
        this.partial = partial;
        this.size = size;
        this.expectedSha256 = expectedSha256;
        this.channel = channel;
        this.lock = lock;
        this.digest = digest;
        this.offset = offset;
        this.received = offset;
    }

    /** Where the client starts sending: the bytes a resumable partial already holds (0 if none). */
    public long offset() {
        return offset;
    }

    /** Bytes still expected. */
    public long remaining() {
        return size - received;
    }

    /** The announced size. */
    public long size() {
        return size;
    }

    /**
     * Appends {@code chunk}'s remaining bytes (no more than {@link #remaining()}).
     *
     * @throws FilesRefusal {@code no-space} or {@code io-error}; the partial is deleted and the name released
     */
    public void write(ByteBuffer chunk) throws FilesRefusal {
        int n = chunk.remaining();
        if (n > remaining()) {
            throw new IllegalArgumentException("chunk of " + n + " bytes, only " + remaining() + " expected");
        }
        if (headLength < head.length) {
            int take = Math.min(n, head.length - headLength);
            chunk.slice(chunk.position(), take).get(head, headLength, take);
            headLength += take;
        }
        digest.update(chunk.duplicate());
        try {
            while (chunk.hasRemaining()) {
                channel.write(chunk, received + (n - chunk.remaining()));
            }
        } catch (IOException e) {
            discard();
            throw FileStorage.diskFailure("writing " + partial.getFileName(), e);
        }
        received += n;
    }

    /**
     * Every byte arrived: checks the SHA-256, forces the partial to disk, renames it atomically to
     * its final name and forces the directory.
     *
     * @return the stored file (for a classic upload, under the name generated now)
     * @throws FilesRefusal {@code hash-mismatch} or a disk failure; the partial is deleted
     */
    public StoredFile finish() throws FilesRefusal {
        if (remaining() != 0) {
            throw new IllegalStateException(remaining() + " bytes still expected");
        }
        String sha256 = HexFormat.of().formatHex(digest.digest());
        if (expectedSha256 != null && !expectedSha256.equals(sha256)) {
            discard();
            throw new FilesRefusal(FilesRefusal.Code.HASH_MISMATCH, "the " + size + " bytes received have SHA-256 "
                    + sha256 + ", not " + expectedSha256 + "; nothing was stored");
        }
        try {
            channel.force(true);
            String stored = name != null ? storage.publish(partial, name)
                    : storage.publishClassic(partial, ContentKinds.extensionOf(head, headLength));
            end();
            return storage.remember(stored, size, sha256);
        } catch (IOException e) {
            discard();
            throw FileStorage.diskFailure("storing " + (name != null ? name : "a classic upload"), e);
        }
    }

    /**
     * The connection ended before every byte arrived: the partial stays for a resume (a classic
     * upload has no hash to resume against, so its partial is deleted).
     */
    public void suspend() {
        if (ended) {
            return;
        }
        if (expectedSha256 == null) {
            discard();
            return;
        }
        end();
        LOG.log(Level.DEBUG, () -> "upload of " + name + " suspended at " + received + " of " + size
                + " bytes; a PUT with the same hash resumes it");
    }

    /** Abandons the upload: the partial is deleted. */
    public void discard() {
        if (ended) {
            return;
        }
        end();
        try {
            Files.deleteIfExists(partial);
        } catch (IOException e) {
            LOG.log(Level.WARNING, () -> "could not delete " + partial + ": " + e);
        }
    }

    private void end() {
        ended = true;
        try {
            if (lock.isValid()) {
                lock.release();
            }
            channel.close();
        } catch (IOException e) {
            LOG.log(Level.WARNING, () -> "closing " + partial + ": " + e);
        }
        storage.release(name);
    }
}
