package io.switchboard.reactor;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.util.concurrent.CompletableFuture;

/**
 * A slice of a file waiting in a connection's write queue ({@link Transport#sendFile}): where the
 * next byte comes from, how many are left, and the stage that completes when all are sent.
 *
 * <p>Not thread-safe: owned by the connection's event loop.
 */
final class QueuedFile {

    private final FileChannel file;
    private final CompletableFuture<Long> done;
    private long position;
    private long remaining;
    private long sent;

    QueuedFile(FileChannel file, long position, long count, CompletableFuture<Long> done) {
        this.file = file;
        this.position = position;
        this.remaining = count;
        this.done = done;
    }

    FileChannel file() {
        return file;
    }

    long position() {
        return position;
    }

    long remaining() {
        return remaining;
    }

    /** {@code n} more bytes went to the socket. */
    void sent(long n) {
        position += n;
        remaining -= n;
        sent += n;
    }

    /** Every byte is sent. */
    void complete() {
        done.complete(sent);
    }

    /** The connection closed (or the file failed) before every byte was sent. */
    void fail(IOException cause) {
        done.completeExceptionally(cause);
    }
}
