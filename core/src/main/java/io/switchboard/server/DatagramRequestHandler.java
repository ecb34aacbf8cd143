package io.switchboard.server;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.SocketAddress;

/**
 * A handler for one datagram: socketserver's {@code DatagramRequestHandler}. {@link #data()} is
 * the datagram; {@link #rfile()} reads it; what is written to {@link #wfile()} goes back to the
 * sender as one datagram when the handler finishes; {@link #reply} sends one at once.
 *
 * <p>Thread-safety: used by one thread.
 */
public abstract class DatagramRequestHandler implements RequestHandler {

    private byte[] data;
    private SocketAddress clientAddress;
    private DatagramServer server;
    private ByteArrayInputStream rfile;
    private ByteArrayOutputStream wfile;

    final void bind(byte[] datagram, SocketAddress client, DatagramServer owner) {
        this.data = datagram;
        this.clientAddress = client;
        this.server = owner;
    }

    /** Opens {@link #rfile()} and {@link #wfile()}. Overriders call {@code super.setup()}. */
    @Override
    public void setup() throws IOException {
        rfile = new ByteArrayInputStream(data);
        wfile = new ByteArrayOutputStream();
    }

    /** Sends what was written to {@link #wfile()}, if anything, as one datagram. */
    @Override
    public void finish() throws IOException {
        if (wfile != null && wfile.size() > 0) {
            reply(wfile.toByteArray());
        }
    }

    /** The datagram's bytes (Python's {@code self.request[0]}). */
    protected final byte[] data() {
        return data;
    }

    /** The datagram as a stream. */
    protected final InputStream rfile() {
        return rfile;
    }

    /** Collects the reply, sent in {@link #finish()}. */
    protected final OutputStream wfile() {
        return wfile;
    }

    /** The sender's address. */
    protected final SocketAddress clientAddress() {
        return clientAddress;
    }

    /** The server. */
    protected final DatagramServer server() {
        return server;
    }

    /** Sends {@code bytes} to the sender now, as one datagram. */
    protected final void reply(byte[] bytes) throws IOException {
        server.send(bytes, clientAddress);
    }
}
