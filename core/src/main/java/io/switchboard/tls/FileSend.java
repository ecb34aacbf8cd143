package io.switchboard.tls;

import java.nio.channels.FileChannel;
import java.util.concurrent.CompletableFuture;

/**
 * A file waiting to be sent through TLS: the range still to read, and the stage to complete.
 *
 * <p>Not thread-safe: touched on the connection's event loop only.
 */
final class FileSend {

    private final FileChannel channel;
    private final long count;
    private final CompletableFuture<Long> result;
    private long nextPosition;
    private long remaining;

    FileSend(FileChannel channel, long position, long count, CompletableFuture<Long> result) {
        this.channel = channel;
        this.count = count;
        this.result = result;
        this.nextPosition = position;
        this.remaining = count;
    }

    FileChannel channel() {
        return channel;
    }

    long count() {
        return count;
    }

    CompletableFuture<Long> result() {
        return result;
    }

    long nextPosition() {
        return nextPosition;
    }

    long remaining() {
        return remaining;
    }

    void advance(long bytes) {
        nextPosition += bytes;
        remaining -= bytes;
    }

    boolean isDone() {
        return remaining == 0;
    }
}
