package io.switchboard.bench;

import java.io.EOFException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The least of the files protocol (docs/protocols/files.md) a benchmark needs, on one blocking
 * {@link SocketChannel} to 127.0.0.1: {@code PUT} a whole file with {@code FileChannel.transferTo}
 * and wait for {@code OK}; {@code GET} a file from offset 0 and count its bytes into a sink.
 * Replies that are not the expected ones become an {@link IOException} quoting them.
 *
 * <p>Not thread-safe: one transfer per instance, on one thread; {@link #close()} may be called
 * from another thread to cut a transfer that overran its deadline.
 */
final class FilesProtocolClient implements AutoCloseable {

    private static final int SINK_BYTES = 256 * 1024;

    private final SocketChannel channel;
    private final ByteBuffer in = ByteBuffer.allocateDirect(SINK_BYTES).flip(); // read, not yet consumed

    private FilesProtocolClient(SocketChannel channel) {
        this.channel = channel;
    }

    /** Connects to the files service on 127.0.0.1:{@code port} and reads its greeting. */
    static FilesProtocolClient connect(int port) throws IOException {
        SocketChannel channel = SocketChannel.open(new InetSocketAddress("127.0.0.1", port));
        FilesProtocolClient client = new FilesProtocolClient(channel);
        try {
            client.expect("SWITCHBOARD-FILES 1", client.readLine());
        } catch (IOException e) {
            channel.close();
            throw e;
        }
        return client;
    }

    /**
     * Uploads {@code source} under {@code name}: {@code PUT}, {@code READY <offset>}, the bytes from
     * that offset, then waits for the server's {@code OK} (stored, verified, forced to disk).
     */
    void put(Path source, long size, String sha256, String name) throws IOException {
        send("PUT " + size + " " + sha256 + " " + name + "\n");
        String ready = readLine();
        if (!ready.startsWith("READY ")) {
            throw new IOException("PUT " + name + ": expected READY, got " + quoted(ready));
        }
        long offset = Long.parseLong(ready.substring(6));
        try (FileChannel file = FileChannel.open(source, StandardOpenOption.READ)) {
            long position = offset;
            while (position < size) {
                position += file.transferTo(position, size - position, channel);
            }
        }
        expect("OK " + size + " " + sha256 + " " + name, readLine());
    }

    /**
     * Downloads {@code name} from offset 0 into a discarded buffer.
     *
     * @return the size announced in the {@code FILE} reply, every byte of which was read
     * @throws IOException if the announced hash is not {@code sha256}, or the stream ends early
     */
    long get(String name, String sha256) throws IOException {
        send("GET 0 " + name + "\n");
        String reply = readLine();
        String[] fields = reply.split(" ");
        if (fields.length != 4 || !fields[0].equals("FILE") || !fields[2].equals(sha256) || !fields[3].equals("0")) {
            throw new IOException("GET " + name + ": expected FILE <size> " + sha256 + " 0, got " + quoted(reply));
        }
        long size = Long.parseLong(fields[1]);
        long left = size - in.remaining(); // bytes that came with the reply line count too
        in.position(in.limit());
        drain(channel, in, left);
        return size;
    }

    /**
     * Reads exactly {@code count} bytes from {@code channel} into {@code sink}, throwing them away:
     * the download sink, shared with the peer (socat) download so both are read the same way.
     */
    static void drain(SocketChannel channel, ByteBuffer sink, long count) throws IOException {
        long left = count;
        while (left > 0) {
            sink.clear();
            if (left < sink.capacity()) {
                sink.limit((int) left);
            }
            int n = channel.read(sink);
            if (n < 0) {
                throw new EOFException("the stream ended " + left + " bytes before the " + count + " expected");
            }
            left -= n;
        }
    }

    /** A sink buffer the size this client reads with. */
    static ByteBuffer newSink() {
        return ByteBuffer.allocateDirect(SINK_BYTES);
    }

    private void send(String line) throws IOException {
        ByteBuffer out = ByteBuffer.wrap(line.getBytes(StandardCharsets.UTF_8));
        while (out.hasRemaining()) {
            channel.write(out);
        }
    }

    /** One reply line without its LF; bytes after it stay in {@link #in}. */
    private String readLine() throws IOException {
        StringBuilder line = new StringBuilder();
        while (true) {
            while (in.hasRemaining()) {
                byte b = in.get();
                if (b == '\n') {
                    return line.toString();
                }
                line.append((char) (b & 0xff)); // replies are ASCII but for the name
            }
            in.clear();
            int n = channel.read(in);
            in.flip();
            if (n < 0) {
                throw new EOFException("the server closed the connection; last partial reply " + quoted(line.toString()));
            }
        }
    }

    private static void expect(String wanted, String got) throws IOException {
        if (!got.equals(wanted)) {
            throw new IOException("expected " + quoted(wanted) + ", got " + quoted(got));
        }
    }

    private static String quoted(String text) {
        return "\"" + text + "\"";
    }

    /** Closes the connection (from any thread: a blocked read or transfer fails at once). */
    @Override
    public void close() throws IOException {
        channel.close();
    }
}
