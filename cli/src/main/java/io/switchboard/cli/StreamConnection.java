package io.switchboard.cli;

import io.switchboard.endpoint.Endpoint;
import io.switchboard.endpoint.InetEndpoint;
import io.switchboard.endpoint.TcpEndpoint;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.StandardProtocolFamily;
import java.net.UnknownHostException;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * A blocking client connection to a stream endpoint, TCP or Unix, as the command-line clients
 * ({@code connect}, {@code chat}) use it: its two streams, a half-close, and a close.
 *
 * <p>Thread-safety: one thread may read while another writes; closing from any thread ends both.
 */
final class StreamConnection implements AutoCloseable {

    /** How long a TCP connect may take before it counts as failed. */
    private static final int CONNECT_TIMEOUT_MILLIS = 10_000;

    private final AutoCloseable socket;
    private final InputStream in;
    private final OutputStream out;
    private final HalfClose halfClose;

    /** Shuts down the output side of one kind of socket. */
    private interface HalfClose {
        void shutdownOutput() throws IOException;
    }

    private StreamConnection(AutoCloseable socket, InputStream in, OutputStream out, HalfClose halfClose) {
        this.socket = socket;
        this.in = in;
        this.out = out;
        this.halfClose = halfClose;
    }

    /**
     * Connects to a TCP or Unix stream endpoint; nothing stays open if it fails.
     *
     * @throws IOException with a message fit to follow {@code cannot connect to ENDPOINT: }
     */
    static StreamConnection open(Endpoint endpoint) throws IOException {
        return open(endpoint, null);
    }

    /**
     * Connects to a TCP or Unix stream endpoint; a {@code tls://} endpoint through TLS with
     * {@code tls} (TLS 1.2+, the handshake done before this returns, bounded by the connect timeout).
     *
     * @throws IOException with a message fit to follow {@code cannot connect to ENDPOINT: }; an
     *                     untrusted server's says how to trust it
     */
    static StreamConnection open(Endpoint endpoint, ClientTlsOptions.ClientTls tls) throws IOException {
        if (endpoint instanceof InetEndpoint inet) {
            Socket socket = new Socket();
            try {
                socket.connect(new InetSocketAddress(inet.host(), inet.port()), CONNECT_TIMEOUT_MILLIS);
                if (inet instanceof TcpEndpoint tcp && tcp.tls()) {
                    if (tls == null) {
                        throw new IllegalArgumentException(endpoint + " needs TLS settings");
                    }
                    socket = handshake(socket, tcp, tls);
                }
                return new StreamConnection(socket, socket.getInputStream(), socket.getOutputStream(),
                        socket::shutdownOutput);
            } catch (UnknownHostException e) {
                socket.close();
                throw new UnknownHostException("unknown host " + e.getMessage());
            } catch (IOException e) {
                socket.close();
                throw e;
            }
        }
        SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            channel.connect(endpoint.toSocketAddress());
        } catch (IOException e) {
            channel.close();
            throw e;
        }
        return new StreamConnection(channel, Channels.newInputStream(channel), Channels.newOutputStream(channel),
                channel::shutdownOutput);
    }

    /** Wraps a connected socket in TLS and shakes hands within the connect timeout. */
    private static Socket handshake(Socket plain, TcpEndpoint endpoint, ClientTlsOptions.ClientTls tls) throws IOException {
        SSLSocket socket = (SSLSocket) tls.context().getSocketFactory().createSocket(plain, endpoint.host(),
                endpoint.port(), true);
        socket.setEnabledProtocols(java.util.Arrays.stream(socket.getSupportedProtocols())
                .filter(p -> p.equals("TLSv1.3") || p.equals("TLSv1.2")).toArray(String[]::new));
        if (tls.verifyHostName()) {
            SSLParameters parameters = socket.getSSLParameters();
            parameters.setEndpointIdentificationAlgorithm("HTTPS");
            socket.setSSLParameters(parameters);
        }
        try {
            socket.setSoTimeout(CONNECT_TIMEOUT_MILLIS);
            socket.startHandshake();
            socket.setSoTimeout(0);
            return socket;
        } catch (SSLHandshakeException e) {
            socket.close();
            String why = e.getMessage() == null ? e.toString() : e.getMessage();
            if (why.contains("PKIX") || why.contains("No subject alternative") || why.contains("No name matching")) {
                throw new SSLHandshakeException("the server's certificate is not trusted (" + why + "); "
                        + ClientTlsOptions.UNTRUSTED_HINT);
            }
            throw new SSLHandshakeException("TLS handshake failed: " + why);
        } catch (IOException e) {
            socket.close();
            throw e;
        }
    }

    InputStream in() {
        return in;
    }

    OutputStream out() {
        return out;
    }

    /** Sends FIN: the server sees the end of input and may still answer. */
    void shutdownOutput() throws IOException {
        halfClose.shutdownOutput();
    }

    /** Half-closes, ignoring a failure: the connection is ending anyway. */
    void shutdownOutputQuietly() {
        try {
            shutdownOutput();
        } catch (IOException ignored) {
            // the connection is ending anyway
        }
    }

    @Override
    public void close() throws IOException {
        try {
            socket.close();
        } catch (IOException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException(e);
        }
    }
}
