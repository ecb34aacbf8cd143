package io.switchboard.services.http.websocket;

import io.switchboard.reactor.EventLoop;
import io.switchboard.reactor.Transport;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The transport a WebSocket application writes to: each write becomes one text frame (its bytes
 * must be UTF-8, whole characters); {@code loseConnection} sends a close frame — 1000, or 1001
 * while the server stops — and then closes the TCP connection once it is sent. Flow control is the
 * connection's own: {@code isWritable}, {@code queuedBytes} (frame headers included), the
 * watermarks and the hard limit all act on the real transport.
 *
 * <p>Once the close frame is queued, further writes are dropped (RFC 6455 §5.5.1: nothing follows
 * a close). A write from another thread racing the close may still land after the close frame;
 * the peer then discards it.
 *
 * <p>Thread-safety: every method is safe from any thread, as the real transport's are; each frame
 * is handed over in one write, so frames from different threads never interleave.
 */
final class MessageTransport implements Transport {

    private final Transport connection;
    private volatile boolean closeSent;
    private volatile boolean stopping;
    private volatile boolean readingPaused;

    MessageTransport(Transport connection) {
        this.connection = connection;
    }

    boolean closeSent() {
        return closeSent;
    }

    /** Whether the application paused reading: the peer's silence is then ours, not its. */
    boolean readingPaused() {
        return readingPaused;
    }

    /** The server is stopping: a close from now on says 1001 (going away). */
    void stopping() {
        stopping = true;
    }

    /**
     * Queues a close frame with {@code code} (once), then closes the TCP connection when it is
     * sent. Runs on the connection's loop so that it follows the writes queued before it.
     */
    void sendClose(int code, String reason) {
        EventLoop loop = connection.eventLoop();
        if (!loop.inEventLoop()) {
            loop.execute(() -> sendClose(code, reason));
            return;
        }
        if (closeSent) {
            return;
        }
        closeSent = true;
        connection.write(FrameEncoder.close(code, reason));
        connection.loseConnection();
    }

    @Override
    public void write(ByteBuffer data) {
        if (closeSent) {
            data.position(data.limit());
            return;
        }
        byte[] frame = FrameEncoder.frame(Opcode.TEXT, data);
        data.position(data.limit());
        connection.write(frame);
    }

    @Override
    public void write(byte[] data) {
        if (!closeSent) {
            connection.write(FrameEncoder.frame(Opcode.TEXT, data));
        }
    }

    /** The frame needs a header before the shared bytes, so they are copied once into it. */
    @Override
    public void writeShared(ByteBuffer shared) {
        if (!closeSent) {
            connection.write(FrameEncoder.frame(Opcode.TEXT, shared));
        }
    }

    /** A file cannot be one text frame: refused. */
    @Override
    public CompletionStage<Long> sendFile(FileChannel file, long position, long count) {
        return CompletableFuture.failedFuture(new UnsupportedOperationException(
                "a WebSocket message transport sends text frames, not files"));
    }

    @Override
    public void loseConnection() {
        sendClose(stopping ? CloseCodes.GOING_AWAY : CloseCodes.NORMAL, stopping ? "server stopping" : "");
    }

    @Override
    public void abortConnection() {
        closeSent = true;
        connection.abortConnection();
    }

    /** As {@link #loseConnection}: a WebSocket has no half-close. */
    @Override
    public void shutdownOutput() {
        loseConnection();
    }

    @Override
    public void pauseReading() {
        readingPaused = true;
        connection.pauseReading();
    }

    @Override
    public void resumeReading() {
        readingPaused = false;
        connection.resumeReading();
    }

    @Override
    public boolean isWritable() {
        return connection.isWritable();
    }

    @Override
    public long queuedBytes() {
        return connection.queuedBytes();
    }

    @Override
    public boolean isOpen() {
        return connection.isOpen() && !closeSent;
    }

    @Override
    public SocketAddress localAddress() {
        return connection.localAddress();
    }

    @Override
    public SocketAddress remoteAddress() {
        return connection.remoteAddress();
    }

    @Override
    public long id() {
        return connection.id();
    }

    @Override
    public EventLoop eventLoop() {
        return connection.eventLoop();
    }
}
