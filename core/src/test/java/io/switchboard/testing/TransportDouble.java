package io.switchboard.testing;

import io.switchboard.reactor.EventLoop;
import io.switchboard.reactor.Transport;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * A {@link Transport} without a socket, for unit tests of protocols: it keeps every byte the
 * protocol writes (a sent file's range too), and remembers whether reading is paused and how many
 * times the protocol closed it. Writes are always accepted ({@link #isWritable()} is true, nothing
 * is queued). Subclasses add what a test needs (lines, a loop that runs tasks).
 *
 * <p>Not thread-safe: a unit test drives it from one thread.
 */
public class TransportDouble implements Transport {

    private final ByteArrayOutputStream written = new ByteArrayOutputStream();
    private final EventLoop loop;
    private final long id;
    private final SocketAddress local;
    private final SocketAddress remote;
    private boolean paused;
    private int closes;

    /** A transport numbered {@code id} between two addresses, on {@code loop} (null if the protocol never asks). */
    public TransportDouble(EventLoop loop, long id, SocketAddress local, SocketAddress remote) {
        this.loop = loop;
        this.id = id;
        this.local = local;
        this.remote = remote;
    }

    /** Every byte written so far, in order. */
    public byte[] written() {
        return written.toByteArray();
    }

    /** What was written so far, as UTF-8 text. */
    public String writtenText() {
        return written.toString(StandardCharsets.UTF_8);
    }

    /** Whether the protocol has paused reading (and not resumed it). */
    public boolean paused() {
        return paused;
    }

    /** How many times the protocol closed or aborted the connection. */
    public int closes() {
        return closes;
    }

    @Override
    public void write(ByteBuffer data) {
        byte[] bytes = new byte[data.remaining()];
        data.get(bytes);
        written.writeBytes(bytes);
    }

    @Override
    public void write(byte[] data) {
        written.writeBytes(data);
    }

    /** Reads the range at once and keeps it as written. */
    @Override
    public CompletionStage<Long> sendFile(FileChannel file, long position, long count) {
        try {
            ByteBuffer bytes = ByteBuffer.allocate(Math.toIntExact(count));
            while (bytes.hasRemaining() && file.read(bytes, position + bytes.position()) > 0) {
                // read the whole range
            }
            written.write(bytes.array(), 0, bytes.position());
            return CompletableFuture.completedFuture((long) bytes.position());
        } catch (IOException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    @Override
    public void loseConnection() {
        closes++;
    }

    @Override
    public void abortConnection() {
        closes++;
    }

    @Override
    public void shutdownOutput() {
    }

    @Override
    public void pauseReading() {
        paused = true;
    }

    @Override
    public void resumeReading() {
        paused = false;
    }

    @Override
    public boolean isWritable() {
        return true;
    }

    @Override
    public long queuedBytes() {
        return 0;
    }

    @Override
    public boolean isOpen() {
        return closes == 0;
    }

    @Override
    public SocketAddress localAddress() {
        return local;
    }

    @Override
    public SocketAddress remoteAddress() {
        return remote;
    }

    @Override
    public long id() {
        return id;
    }

    @Override
    public EventLoop eventLoop() {
        return loop;
    }
}
