package io.switchboard.reactor;

import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.concurrent.CompletionStage;

/**
 * One stream connection as its {@link Protocol} sees it: Twisted's {@code ITransport}.
 *
 * <p>Writes are queued in order and sent as the socket accepts them. The queue is bounded: past
 * the high-water mark {@link #isWritable()} turns {@code false} and the protocol is told through
 * {@link Protocol#writabilityChanged}; past the hard limit the connection is closed with
 * {@link CloseReason.Overloaded}, so a peer that never reads cannot grow memory without bound.
 *
 * <p>Thread-safety: every method is safe from any thread. Calls from the owning event loop act
 * at once; calls from other threads are handed to the loop and keep their order per thread.
 */
public interface Transport {

    /**
     * Queues {@code data}'s remaining bytes for sending and consumes them (the buffer's position
     * moves to its limit). The bytes are copied if they cannot be sent at once, so the caller may
     * reuse the buffer as soon as this returns. Writing after {@link #loseConnection} is ignored.
     */
    void write(ByteBuffer data);

    /** Queues all of {@code data}; the array may be reused after this returns. */
    void write(byte[] data);

    /**
     * Queues {@code shared}'s remaining bytes <em>without copying them</em>: the transport keeps
     * its own view (position and limit) of the same bytes until they are sent. For fan-out — one
     * message encoded once and written to many connections on many loops. The caller promises that
     * the bytes never change afterwards; {@code shared}'s own position and limit are left as they are.
     * The bytes still count against this transport's queue limits. The default copies.
     */
    default void writeShared(ByteBuffer shared) {
        write(shared.duplicate());
    }

    /**
     * Queues {@code count} bytes of {@code file} from {@code position}, to be sent after everything
     * written before and before anything written after: a file download without reading the file
     * into memory. The reactor sends with {@code sendfile(2)} (zero-copy) on nio sockets and through
     * a reused native buffer on the Linux backend; blocking models copy through a small buffer on the
     * connection's writer. File bytes do not count against the write queue's limits (they are not
     * in memory), but a peer that stops reading still meets the write timeout.
     *
     * <p>The caller keeps {@code file} open until the returned stage completes: with the number of
     * bytes sent, or exceptionally if the connection closes first or the file is shorter than
     * promised (then the connection is closed, as its stream can no longer be framed). The stage
     * completes on the connection's event loop.
     */
    CompletionStage<Long> sendFile(FileChannel file, long position, long count);

    /** Closes gracefully: stops reading, sends everything queued, then closes. Twisted's {@code loseConnection}. */
    void loseConnection();

    /** Closes now, dropping anything queued; the peer sees a reset. Twisted's {@code abortConnection}. */
    void abortConnection();

    /** Sends everything queued, then FIN (half-close): the peer reads end-of-stream; reading goes on. */
    void shutdownOutput();

    /** Stops delivering {@code dataReceived}; the kernel buffers and then TCP flow control slows the peer. */
    void pauseReading();

    /** Delivers {@code dataReceived} again after {@link #pauseReading}. */
    void resumeReading();

    /** Whether queued bytes are below the high-water mark; {@code false} means "stop producing". */
    boolean isWritable();

    /** Bytes accepted by {@link #write} but not yet sent. */
    long queuedBytes();

    /** Whether the connection is still open (not yet lost or closed). */
    boolean isOpen();

    /** This side's address. */
    SocketAddress localAddress();

    /** The peer's address; for a Unix socket client often unnamed. */
    SocketAddress remoteAddress();

    /** A short id unique in this process, used as the {@code [c42]} prefix of log lines. */
    long id();

    /** The loop that owns this connection; schedule per-connection timers on it. */
    EventLoop eventLoop();
}
