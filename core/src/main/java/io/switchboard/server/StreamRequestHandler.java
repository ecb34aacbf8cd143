package io.switchboard.server;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * A handler for one stream connection: socketserver's {@code StreamRequestHandler}, with
 * {@link #rfile()} and {@link #wfile()} as buffered streams over the connection.
 *
 * <pre>{@code
 * class Upper extends StreamRequestHandler {
 *     public void handle() throws IOException {
 *         String line;
 *         while ((line = readLine()) != null) {
 *             write(line.strip().toUpperCase() + "\n");
 *             wfile().flush();
 *         }
 *     }
 * }
 * }</pre>
 *
 * <p>Reads wait at most the server's read timeout ({@link java.net.SocketTimeoutException}).
 * Thread-safety: used by one thread.
 */
public abstract class StreamRequestHandler implements RequestHandler {

    /** Longest line {@link #readLine()} accepts, so a peer cannot grow memory without a newline. */
    public static final int MAX_LINE = 64 * 1024;

    private InputStream in;
    private OutputStream out;
    private SocketAddress clientAddress;
    private BaseServer server;
    private BufferedInputStream rfile;
    private BufferedOutputStream wfile;
    private SocketAddress serverAddress;
    private BlockingTransport.Closer ends;

    final void bind(InputStream input, OutputStream output, SocketAddress client, SocketAddress local, BaseServer owner,
            BlockingTransport.Closer connection) {
        this.ends = connection;
        this.serverAddress = local;
        this.in = input;
        this.out = output;
        this.clientAddress = client;
        this.server = owner;
    }

    /** Opens {@link #rfile()} and {@link #wfile()}. Overriders call {@code super.setup()}. */
    @Override
    public void setup() throws IOException {
        rfile = new BufferedInputStream(in);
        wfile = new BufferedOutputStream(out);
    }

    /** Flushes {@link #wfile()}. Overriders call {@code super.finish()}. */
    @Override
    public void finish() throws IOException {
        if (wfile != null) {
            wfile.flush();
        }
    }

    /** The connection's input, buffered: Python's {@code self.rfile}. */
    protected final InputStream rfile() {
        return rfile;
    }

    /** The connection's output, buffered (flush to send): Python's {@code self.wfile}. */
    protected final OutputStream wfile() {
        return wfile;
    }

    /** The peer's address: Python's {@code self.client_address}. */
    protected final SocketAddress clientAddress() {
        return clientAddress;
    }

    /** How to half-close and close the connection (package use: the protocol adapter). */
    final BlockingTransport.Closer ends() {
        return ends;
    }

    /** The server's side of the connection, or null if the socket could not say (package use). */
    final SocketAddress serverAddress() {
        return serverAddress;
    }

    /** The server that made this handler: Python's {@code self.server}. */
    protected final BaseServer server() {
        return server;
    }

    /**
     * One line without its {@code \n} (and a {@code \r} before it), decoded as UTF-8; the last
     * line even without a newline; {@code null} at end of stream.
     *
     * @throws IOException if the line is longer than {@link #MAX_LINE} bytes
     */
    protected final String readLine() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = rfile.read()) >= 0) {
            if (b == '\n') {
                return decode(line);
            }
            if (line.size() == MAX_LINE) {
                throw new IOException("line length exceeds the allowed maximum (" + MAX_LINE + ")");
            }
            line.write(b);
        }
        return line.size() == 0 ? null : decode(line);
    }

    private static String decode(ByteArrayOutputStream line) {
        byte[] bytes = line.toByteArray();
        int length = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
        return new String(bytes, 0, length, StandardCharsets.UTF_8);
    }

    /** Writes {@code text} as UTF-8 to {@link #wfile()} (buffered: flush to send now). */
    protected final void write(String text) throws IOException {
        wfile.write(text.getBytes(StandardCharsets.UTF_8));
    }
}
