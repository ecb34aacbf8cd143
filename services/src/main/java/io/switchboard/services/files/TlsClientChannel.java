package io.switchboard.services.files;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLException;

/**
 * The client side of TLS over a {@link FilesClientConnection}'s non-blocking channel: an
 * {@link SSLEngine} driven by the connection's own selector, so the handshake, every read and
 * every write wait no longer than the connection's timeouts, exactly as in plaintext.
 *
 * <pre>
 *   plaintext ─wrap──▶ netOut ─channel.write─▶ server
 *   plaintext ◀unwrap─ netIn  ◀channel.read── server
 * </pre>
 *
 * <p>Memory is bounded by three buffers sized by the session: one TLS packet each way and one
 * application buffer of decrypted bytes not yet taken. Delegated tasks run inline (they are short,
 * and this thread has nothing else to do).
 *
 * <p>Not thread-safe: used by the connection's one thread.
 */
final class TlsClientChannel {

    /** How the connection waits for its channel: {@code SelectionKey.OP_READ} or {@code OP_WRITE}, at most its timeout. */
    @FunctionalInterface
    interface Waiter {
        void await(int operation, String doing) throws IOException;
    }

    private final SSLEngine engine;
    private final SocketChannel channel;
    private final Waiter waiter;
    /** Ciphertext read and not yet unwrapped: write mode. */
    private ByteBuffer netIn;
    /** Ciphertext wrapped and not yet written: read mode. */
    private final ByteBuffer netOut;
    /** Plaintext unwrapped and not yet taken: read mode. */
    private ByteBuffer appIn;
    private boolean inboundDone;

    TlsClientChannel(SSLEngine engine, SocketChannel channel, Waiter waiter) {
        this.engine = engine;
        this.channel = channel;
        this.waiter = waiter;
        int packet = engine.getSession().getPacketBufferSize();
        this.netIn = ByteBuffer.allocate(packet);
        this.netOut = ByteBuffer.allocate(packet).flip();
        this.appIn = ByteBuffer.allocate(engine.getSession().getApplicationBufferSize()).flip();
    }

    /**
     * Runs the handshake to its end: the server's certificate is checked here.
     *
     * @throws javax.net.ssl.SSLHandshakeException the server is not trusted, or no common protocol
     */
    void handshake(String doing) throws IOException {
        engine.beginHandshake();
        while (true) {
            switch (engine.getHandshakeStatus()) {
                case NEED_WRAP -> wrap(ByteBuffer.allocate(0), doing);
                case NEED_UNWRAP, NEED_UNWRAP_AGAIN -> {
                    if (unwrap(doing) < 0) {
                        throw new EOFException("the server closed the connection during the TLS handshake");
                    }
                }
                case NEED_TASK -> runTasks();
                case FINISHED, NOT_HANDSHAKING -> {
                    return;
                }
            }
        }
    }

    /**
     * Reads at least one byte of plaintext into {@code target}.
     *
     * @return bytes read, or -1 once the server has closed (close_notify or end of stream)
     */
    int read(ByteBuffer target, String doing) throws IOException {
        while (!appIn.hasRemaining()) {
            if (inboundDone) {
                return -1;
            }
            if (unwrap(doing) < 0) {
                return -1;
            }
        }
        int n = Math.min(appIn.remaining(), target.remaining());
        target.put(target.position(), appIn, appIn.position(), n);
        target.position(target.position() + n);
        appIn.position(appIn.position() + n);
        return n;
    }

    /** Encrypts and writes all of {@code plaintext}, one record at a time. */
    void write(ByteBuffer plaintext, String doing) throws IOException {
        while (plaintext.hasRemaining()) {
            wrap(plaintext, doing);
        }
    }

    /** Sends close_notify if the channel takes it now; never waits (the connection is closing anyway). */
    void closeQuietly() {
        try {
            engine.closeOutbound();
            netOut.compact();
            try {
                engine.wrap(ByteBuffer.allocate(0), netOut);
            } finally {
                netOut.flip();
            }
            channel.write(netOut);
        } catch (IOException | RuntimeException ignored) {
            // the channel closes next; a missing close_notify only costs the server a log line
        }
    }

    /** Wraps from {@code source} (one record at most) and writes the record out before returning. */
    private void wrap(ByteBuffer source, String doing) throws IOException {
        SSLEngineResult result;
        netOut.compact();
        try {
            result = engine.wrap(source, netOut);
        } finally {
            netOut.flip();
        }
        if (result.getStatus() == SSLEngineResult.Status.CLOSED) {
            throw new SSLException("the TLS session is closed");
        }
        // BUFFER_OVERFLOW cannot happen: netOut is empty between calls and holds one whole packet
        flush(doing);
        if (result.getHandshakeStatus() == HandshakeStatus.NEED_TASK) {
            runTasks();
        }
    }

    private void flush(String doing) throws IOException {
        while (netOut.hasRemaining()) {
            if (channel.write(netOut) == 0) {
                waiter.await(SelectionKey.OP_WRITE, doing);
            }
        }
    }

    /**
     * Unwraps one step, reading from the channel when a whole record is not there yet.
     *
     * @return plaintext bytes now in {@code appIn} (0 for a handshake or post-handshake message), or
     *         -1 at the server's close_notify or end of stream
     */
    private int unwrap(String doing) throws IOException {
        while (true) {
            SSLEngineResult result;
            netIn.flip();
            appIn.compact();
            try {
                result = engine.unwrap(netIn, appIn);
            } finally {
                appIn.flip();
                netIn.compact();
            }
            switch (result.getStatus()) {
                case OK -> {
                    HandshakeStatus status = result.getHandshakeStatus();
                    if (status == HandshakeStatus.NEED_TASK) {
                        runTasks();
                    } else if (status == HandshakeStatus.NEED_WRAP && !engine.isOutboundDone()
                            && engine.getHandshakeStatus() == HandshakeStatus.NEED_WRAP) {
                        wrap(ByteBuffer.allocate(0), doing); // e.g. a key update answered after the handshake
                    }
                    return result.bytesProduced();
                }
                case CLOSED -> {
                    inboundDone = true;
                    return appIn.hasRemaining() ? appIn.remaining() : -1;
                }
                case BUFFER_OVERFLOW -> appIn = grow(appIn, engine.getSession().getApplicationBufferSize());
                case BUFFER_UNDERFLOW -> {
                    if (netIn.position() == netIn.capacity()) {
                        netIn = growWriteMode(netIn, engine.getSession().getPacketBufferSize());
                    }
                    if (!readMore(doing)) {
                        inboundDone = true;
                        return -1;
                    }
                }
            }
        }
    }

    /** Reads ciphertext into {@code netIn}; false at end of stream. */
    private boolean readMore(String doing) throws IOException {
        int n;
        while ((n = channel.read(netIn)) == 0) {
            waiter.await(SelectionKey.OP_READ, doing);
        }
        return n > 0;
    }

    private void runTasks() {
        Runnable task;
        while ((task = engine.getDelegatedTask()) != null) {
            task.run();
        }
    }

    /** A larger read-mode buffer with the same unread bytes. */
    private static ByteBuffer grow(ByteBuffer readMode, int atLeast) {
        ByteBuffer bigger = ByteBuffer.allocate(Math.max(atLeast, readMode.capacity()) + readMode.remaining());
        bigger.put(readMode).flip();
        return bigger;
    }

    /** A larger write-mode buffer with the same bytes. */
    private static ByteBuffer growWriteMode(ByteBuffer writeMode, int atLeast) {
        ByteBuffer bigger = ByteBuffer.allocate(Math.max(atLeast, writeMode.capacity() * 2));
        bigger.put(writeMode.flip());
        return bigger;
    }
}
