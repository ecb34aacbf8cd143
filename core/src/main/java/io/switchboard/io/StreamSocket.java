package io.switchboard.io;

import java.io.IOException;
import java.net.SocketAddress;
import java.net.SocketOption;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * A connected (or connecting) byte-stream socket: TCP or Unix stream.
 *
 * <p>All calls are non-blocking: {@link #read} and {@link #write} return 0 when the socket would
 * block. Thread-safety: one thread at a time.
 */
public non-sealed interface StreamSocket extends SocketHandle {

    /**
     * Reads into {@code dst}'s remaining space.
     *
     * @return bytes read; 0 if none are available now; -1 at end of stream (the peer shut down its output)
     */
    int read(ByteBuffer dst) throws IOException;

    /** Writes from {@code src}; returns the bytes written, 0 if the send buffer is full. */
    int write(ByteBuffer src) throws IOException;

    /** Gathering write of {@code length} buffers starting at {@code offset}; returns bytes written. */
    long write(ByteBuffer[] srcs, int offset, int length) throws IOException;

    /**
     * Sends up to {@code count} bytes of {@code file} starting at {@code position}, as far as the
     * send buffer takes them: {@code sendfile(2)} (zero-copy) where the backend can, else through
     * a reused native buffer. Neither the file's nor a channel's position moves.
     *
     * @return bytes sent; 0 if the send buffer is full
     * @throws java.io.EOFException if the file ends before {@code position + count}
     */
    long transferFrom(FileChannel file, long position, long count) throws IOException;

    /**
     * Completes a connect started by {@link Backend#connect}: call it when the socket is reported
     * writable. Returns {@code true} once connected; throws the connect's failure
     * (e.g. {@link java.net.ConnectException}, naming the endpoint).
     */
    boolean finishConnect() throws IOException;

    /** Whether {@link #finishConnect} has not yet completed a connect in progress. */
    boolean isConnectPending();

    /** Sends FIN: the peer reads end-of-stream, and this side can still read (half-close). */
    void shutdownOutput() throws IOException;

    /** The peer's address; for a connect in progress the address being connected to. */
    SocketAddress remoteAddress() throws IOException;

    /**
     * Switches this socket to blocking mode for a thread-per-connection handler and returns its
     * streams. The socket must not be (or ever again be) registered with a poller.
     *
     * @param readTimeout how long one read may wait before {@link java.net.SocketTimeoutException};
     *                    {@link java.time.Duration#ZERO} waits forever
     * @throws UnsupportedOperationException if this backend has no blocking mode (use nio)
     */
    BlockingStream blocking(java.time.Duration readTimeout) throws IOException;

    /** Sets a socket option (TCP_NODELAY, SO_SNDBUF, ...); options a socket does not support are ignored. */
    <T> void setOption(SocketOption<T> option, T value) throws IOException;
}
