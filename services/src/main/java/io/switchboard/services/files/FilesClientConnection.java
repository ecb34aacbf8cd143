package io.switchboard.services.files;

import io.switchboard.endpoint.Endpoint;
import io.switchboard.endpoint.InetEndpoint;
import io.switchboard.endpoint.TcpEndpoint;
import io.switchboard.tls.TlsConfig;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.channels.UnresolvedAddressException;
import java.nio.charset.StandardCharsets;
import java.util.function.LongConsumer;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;

/**
 * One connection of a {@link FilesClient}: a non-blocking TCP or Unix {@link SocketChannel} driven
 * through its own {@link Selector}, so that connecting, every read and every write wait at most
 * their timeout, on either kind of socket (a blocking Unix channel has no read timeout).
 *
 * <p>A {@code tls://} endpoint runs the same conversation inside TLS ({@link TlsClientChannel}, an
 * {@code SSLEngine} on the same selector): the handshake, bounded as a whole by the TLS config's
 * handshake timeout, verifies the server before the greeting is read; uploads are read from the
 * file and encrypted 16 KiB at a time instead of {@code transferTo} (no zero-copy through TLS).
 *
 * <p>Reads go through one buffer of {@code maxLineBytes + 1} bytes or more: {@link #readLine} takes
 * a line from it, {@link #read} first hands over what is left there (the bytes that followed a
 * {@code FILE} line), then reads the socket directly. Socket failures become
 * {@link FilesClientConnectionLostException} naming the endpoint and what was being done.
 *
 * <p>Not thread-safe: one thread at a time.
 */
final class FilesClientConnection implements AutoCloseable {

    private static final int MIN_BUFFER_BYTES = 64 * 1024;
    /** Plaintext read from a file per TLS record when uploading (the most one record carries). */
    private static final int TLS_FILE_CHUNK = 16 * 1024;

    private final Endpoint endpoint;
    private final FilesClientOptions options;
    private final SocketChannel channel;
    private final Selector selector;
    private final SelectionKey key;
    /** Unread bytes are {@code position..limit} (read mode between calls). */
    private final ByteBuffer input;
    /** Null for plaintext. */
    private TlsClientChannel tls;
    /** While the TLS handshake runs, when it must have finished ({@link System#nanoTime()}); else 0. */
    private long handshakeDeadline;

    private FilesClientConnection(Endpoint endpoint, FilesClientOptions options, SocketChannel channel,
            Selector selector, SelectionKey key) {
        this.endpoint = endpoint;
        this.options = options;
        this.channel = channel;
        this.selector = selector;
        this.key = key;
        this.input = ByteBuffer.allocate(Math.max(MIN_BUFFER_BYTES, options.maxLineBytes() + 2)).flip();
    }

    /**
     * Connects within {@code options.connectTimeout()}, and for a {@code tls://} endpoint shakes
     * hands within {@code tlsConfig}'s handshake timeout; nothing stays open if it fails.
     *
     * @param tlsConfig trust for a {@code tls://} endpoint's server; null for {@code tcp://} and {@code unix://}
     * @throws FilesClientConnectException naming the endpoint and the reason (for an untrusted
     *                                     server, with the {@link SSLHandshakeException} as its cause)
     */
    static FilesClientConnection open(Endpoint endpoint, FilesClientOptions options, TlsConfig tlsConfig)
            throws FilesClientConnectException {
        if (!endpoint.isStream()) {
            throw new IllegalArgumentException("endpoint: " + endpoint + " (expected: tcp://, tls:// or unix://)");
        }
        boolean secure = endpoint instanceof TcpEndpoint tcp && tcp.tls();
        if (secure && tlsConfig == null) {
            throw new IllegalArgumentException(endpoint + " needs a TlsConfig (whom to trust)");
        }
        if (!secure && tlsConfig != null) {
            throw new IllegalArgumentException("a TlsConfig was given for the plaintext endpoint " + endpoint);
        }
        SocketChannel channel = null;
        Selector selector = null;
        try {
            SocketAddress address;
            if (endpoint instanceof InetEndpoint inet) {
                address = new InetSocketAddress(inet.host(), inet.port()); // resolves now
                if (((InetSocketAddress) address).isUnresolved()) {
                    throw new FilesClientConnectException("cannot connect to " + endpoint + ": unknown host " + inet.host());
                }
                channel = SocketChannel.open();
            } else {
                address = endpoint.toSocketAddress();
                channel = SocketChannel.open(StandardProtocolFamily.UNIX);
            }
            channel.configureBlocking(false);
            selector = Selector.open();
            SelectionKey key = channel.register(selector, SelectionKey.OP_CONNECT);
            if (!channel.connect(address)) {
                if (selector.select(options.connectTimeout().toMillis()) == 0) {
                    throw new FilesClientConnectException("cannot connect to " + endpoint + ": no answer within "
                            + options.connectTimeout().toMillis() + " ms");
                }
                selector.selectedKeys().clear();
                channel.finishConnect();
            }
            key.interestOps(0);
            FilesClientConnection connection = new FilesClientConnection(endpoint, options, channel, selector, key);
            if (secure) {
                connection.startTls(tlsConfig, (InetEndpoint) endpoint);
            }
            return connection;
        } catch (FilesClientConnectException e) {
            closeQuietly(channel, selector);
            throw e;
        } catch (IOException | UnresolvedAddressException e) {
            closeQuietly(channel, selector);
            String reason = e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
            throw new FilesClientConnectException("cannot connect to " + endpoint + ": " + reason, e);
        }
    }

    /** Shakes hands; the server's certificate and name are checked as {@code config}'s context says. */
    private void startTls(TlsConfig config, InetEndpoint server) throws IOException {
        TlsClientChannel channelTls = new TlsClientChannel(config.newClientEngine(server.host(), server.port()), channel,
                this::await);
        handshakeDeadline = System.nanoTime() + config.handshakeTimeout().toNanos();
        try {
            channelTls.handshake("the TLS handshake");
        } catch (SSLHandshakeException e) {
            channelTls.closeQuietly(); // the engine's alert tells the server why, if the channel takes it now
            String why = e.getMessage() == null ? e.toString() : e.getMessage();
            boolean untrusted = why.contains("PKIX") || why.contains("No subject alternative")
                    || why.contains("No name matching") || why.contains("certificate");
            throw new FilesClientConnectException("cannot connect to " + endpoint + ": "
                    + (untrusted ? "the server's certificate is not trusted (" + why + ")" : "TLS handshake failed: " + why),
                    e);
        } catch (SSLException e) {
            channelTls.closeQuietly();
            throw new FilesClientConnectException("cannot connect to " + endpoint + ": TLS handshake failed: "
                    + e.getMessage(), e);
        } finally {
            handshakeDeadline = 0;
        }
        tls = channelTls;
    }

    Endpoint endpoint() {
        return endpoint;
    }

    /**
     * The next line without its LF (and without a CR before it), decoded as UTF-8.
     *
     * @param waitingFor what the line is, for messages: {@code the reply to PUT hello.txt}
     * @throws FilesClientProtocolException if the line is longer than the limit
     * @throws FilesClientConnectionLostException if the stream ends or stalls first
     */
    String readLine(String waitingFor) throws IOException {
        int scanned = 0;
        while (true) {
            for (int i = input.position() + scanned; i < input.limit(); i++) {
                if (input.get(i) == '\n') {
                    int length = i - input.position();
                    if (length > options.maxLineBytes() + 1) {
                        throw lineTooLong(waitingFor);
                    }
                    byte[] bytes = new byte[length];
                    input.get(bytes).get(); // the line, then its LF
                    if (length > 0 && bytes[length - 1] == '\r') {
                        length--;
                    }
                    if (length > options.maxLineBytes()) {
                        throw lineTooLong(waitingFor);
                    }
                    return new String(bytes, 0, length, StandardCharsets.UTF_8);
                }
            }
            scanned = input.remaining();
            if (scanned > options.maxLineBytes() + 1) {
                throw lineTooLong(waitingFor);
            }
            fill(waitingFor);
        }
    }

    private FilesClientProtocolException lineTooLong(String waitingFor) {
        return new FilesClientProtocolException(endpoint + " sent a line longer than " + options.maxLineBytes()
                + " bytes as " + waitingFor);
    }

    /** Reads more into the buffer, keeping its unread bytes. */
    private void fill(String doing) throws IOException {
        input.compact();
        try {
            readSome(input, doing);
        } finally {
            input.flip();
        }
    }

    /**
     * Reads at least one byte into {@code target} (buffered bytes first).
     *
     * @throws FilesClientConnectionLostException if the stream ends or stalls first
     */
    int read(ByteBuffer target, String doing) throws IOException {
        if (input.hasRemaining()) {
            int n = Math.min(input.remaining(), target.remaining());
            target.put(target.position(), input, input.position(), n);
            target.position(target.position() + n);
            input.position(input.position() + n);
            return n;
        }
        return readSome(target, doing);
    }

    private int readSome(ByteBuffer target, String doing) throws IOException {
        try {
            int n;
            if (tls != null) {
                n = tls.read(target, doing);
            } else {
                while ((n = channel.read(target)) == 0) {
                    await(SelectionKey.OP_READ, doing);
                }
            }
            if (n < 0) {
                throw new FilesClientConnectionLostException("connection to " + endpoint + " closed by the server while "
                        + doing);
            }
            return n;
        } catch (FilesClientConnectionLostException e) {
            throw e;
        } catch (IOException e) {
            throw lost(doing, e);
        }
    }

    /** Writes one request line; {@code "\n"} is added. */
    void writeLine(String line, String doing) throws IOException {
        write(ByteBuffer.wrap((line + "\n").getBytes(StandardCharsets.UTF_8)), doing);
    }

    /** Writes all of {@code bytes}, waiting for room at most the idle timeout each time. */
    void write(ByteBuffer bytes, String doing) throws IOException {
        try {
            if (tls != null) {
                tls.write(bytes, doing);
                return;
            }
            while (bytes.hasRemaining()) {
                if (channel.write(bytes) == 0) {
                    await(SelectionKey.OP_WRITE, doing);
                }
            }
        } catch (FilesClientConnectionLostException e) {
            throw e;
        } catch (IOException e) {
            throw lost(doing, e);
        }
    }

    /**
     * Sends bytes {@code from .. to-1} of {@code file} with {@link FileChannel#transferTo} (zero-copy
     * where the system allows), telling {@code progressed} each new position.
     *
     * Under TLS the file is read into one 16 KiB buffer and encrypted from there instead.
     *
     * @throws IOException if the file ends before {@code to} (it shrank while being sent)
     */
    void send(FileChannel file, long from, long to, LongConsumer progressed, String doing) throws IOException {
        if (tls != null) {
            sendThroughTls(file, from, to, progressed, doing);
            return;
        }
        long position = from;
        while (position < to) {
            long sent;
            try {
                sent = file.transferTo(position, to - position, channel);
            } catch (IOException e) {
                throw lost(doing + " (at byte " + position + ")", e);
            }
            if (sent > 0) {
                position += sent;
                progressed.accept(position);
            } else if (file.size() <= position) {
                throw new IOException("the file ended at byte " + position + " of " + to + " while " + doing
                        + " (did it shrink?)");
            } else {
                await(SelectionKey.OP_WRITE, doing + " (at byte " + position + ")");
            }
        }
    }

    private void sendThroughTls(FileChannel file, long from, long to, LongConsumer progressed, String doing)
            throws IOException {
        ByteBuffer chunk = ByteBuffer.allocate((int) Math.min(TLS_FILE_CHUNK, Math.max(1, to - from)));
        long position = from;
        while (position < to) {
            chunk.clear().limit((int) Math.min(chunk.capacity(), to - position));
            int n = file.read(chunk, position);
            if (n < 0) {
                throw new IOException("the file ended at byte " + position + " of " + to + " while " + doing
                        + " (did it shrink?)");
            }
            chunk.flip();
            write(chunk, doing + " (at byte " + position + ")");
            position += n;
            progressed.accept(position);
        }
    }

    /**
     * Waits until the channel is ready for {@code operation}, at most the idle timeout — or, while
     * the TLS handshake runs, at most what is left of its timeout.
     */
    private void await(int operation, String doing) throws IOException {
        long millis = options.idleTimeout().toMillis();
        if (handshakeDeadline != 0) {
            long left = handshakeDeadline - System.nanoTime();
            if (left <= 0) {
                throw handshakeTimedOut();
            }
            millis = Math.max(1, (left + 999_999) / 1_000_000); // rounded up: never a zero-timeout busy loop
        }
        key.interestOps(operation);
        try {
            if (selector.select(millis) == 0) {
                if (handshakeDeadline != 0) {
                    throw handshakeTimedOut();
                }
                throw new FilesClientConnectionLostException("connection to " + endpoint + " idle for "
                        + options.idleTimeout().toMillis() + " ms while " + doing + " (timed out)");
            }
            selector.selectedKeys().clear();
        } finally {
            key.interestOps(0);
        }
    }

    private FilesClientConnectException handshakeTimedOut() {
        return new FilesClientConnectException("cannot connect to " + endpoint + ": the TLS handshake did not finish "
                + "in time (is it a TLS server?)");
    }

    private FilesClientConnectionLostException lost(String doing, IOException cause) {
        String reason = cause.getMessage() != null ? cause.getMessage() : cause.getClass().getSimpleName();
        return new FilesClientConnectionLostException("connection to " + endpoint + " lost while " + doing + ": " + reason,
                cause);
    }

    @Override
    public void close() {
        if (tls != null) {
            tls.closeQuietly();
        }
        closeQuietly(channel, selector);
    }

    private static void closeQuietly(SocketChannel channel, Selector selector) {
        try {
            if (selector != null) {
                selector.close();
            }
        } catch (IOException ignored) {
            // closing is the last thing done with it
        }
        try {
            if (channel != null) {
                channel.close();
            }
        } catch (IOException ignored) {
            // closing is the last thing done with it
        }
    }
}
