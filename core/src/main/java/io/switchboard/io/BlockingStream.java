package io.switchboard.io;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;

/**
 * A stream socket switched to blocking mode for thread-per-connection code (the socketserver
 * model): its input and output as plain Java streams. A read that waits longer than the read
 * timeout throws {@link java.net.SocketTimeoutException}.
 *
 * <p>Thread-safety: one thread reads and one thread writes at a time.
 *
 * @param input  the peer's bytes; {@code read} returns -1 at end of stream
 * @param output to the peer; writes block until the kernel takes the bytes
 * @param socket the JDK socket behind both streams, for layering TLS over a TCP connection
 *               ({@code javax.net.ssl.SSLSocketFactory#createSocket(Socket, InputStream, boolean)});
 *               {@code null} where there is none (Unix domain channels)
 */
public record BlockingStream(InputStream input, OutputStream output, Socket socket) {

    /** Streams with no JDK socket behind them. */
    public BlockingStream(InputStream input, OutputStream output) {
        this(input, output, null);
    }
}
