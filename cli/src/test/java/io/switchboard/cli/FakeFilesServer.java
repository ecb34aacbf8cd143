package io.switchboard.cli;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A files server for the client's tests, scripted: it follows {@code docs/protocols/files.md}
 * with files and partial uploads held in memory, and injects the faults queued with {@link #inject}
 * (each used once, by the first request it applies to). It listens on 127.0.0.1 port 0 or on a
 * Unix socket; each connection is served on a virtual thread.
 */
final class FakeFilesServer implements AutoCloseable {

    /** Something going wrong, once. */
    sealed interface Fault {
    }

    /** The next request of this command gets {@code ERR code text}. */
    record Refuse(String command, String code, String text) implements Fault {
    }

    /** The next upload's connection closes once the partial holds {@code position} bytes. */
    record CloseUploadAt(long position) implements Fault {
    }

    /** The next download's connection closes after sending bytes up to {@code position}. */
    record CloseDownloadAt(long position) implements Fault {
    }

    /** The next download announces a SHA-256 that is not the file's. */
    record AnnounceWrongHash() implements Fault {
    }

    /** The next reply (to any request) is this line instead. */
    record ReplyWith(String line) implements Fault {
    }

    /** The next connection is greeted with this line (or, if null, never answered at all). */
    record Greet(String line) implements Fault {
    }

    private static final String ZEROS = "0".repeat(64);

    private final ServerSocketChannel listener;
    private final String endpoint;
    private final Map<String, byte[]> files = new ConcurrentHashMap<>();
    private final Map<String, Long> modified = new ConcurrentHashMap<>();
    private final Map<String, ByteArrayOutputStream> partials = new ConcurrentHashMap<>();
    private final Deque<Fault> faults = new ArrayDeque<>();
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private final List<Long> uploadedBytes = new CopyOnWriteArrayList<>();
    private final List<SocketChannel> connections = new CopyOnWriteArrayList<>();
    private final Thread acceptor;

    private FakeFilesServer(ServerSocketChannel listener, String endpoint) {
        this.listener = listener;
        this.endpoint = endpoint;
        this.acceptor = Thread.ofPlatform().daemon().name("fake-files-acceptor").start(this::acceptLoop);
    }

    /** Listens on 127.0.0.1, an ephemeral port. */
    static FakeFilesServer tcp() throws IOException {
        ServerSocketChannel listener = ServerSocketChannel.open();
        listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        return new FakeFilesServer(listener, "tcp://127.0.0.1:" + ((InetSocketAddress) listener.getLocalAddress()).getPort());
    }

    /** Listens on a Unix socket at {@code path}. */
    static FakeFilesServer unix(Path path) throws IOException {
        ServerSocketChannel listener = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        listener.bind(UnixDomainSocketAddress.of(path));
        return new FakeFilesServer(listener, "unix://" + path);
    }

    String endpoint() {
        return endpoint;
    }

    synchronized void inject(Fault... more) {
        faults.addAll(Arrays.asList(more));
    }

    /** Stores a file as if uploaded. */
    void store(String name, byte[] content) {
        files.put(name, content.clone());
        modified.put(name, 1_764_547_200_000L);
    }

    /** Holds the first bytes of an upload of {@code name} with {@code sha256}, as if it was cut off. */
    void keepPartial(String name, String sha256, byte[] firstBytes) {
        ByteArrayOutputStream partial = new ByteArrayOutputStream();
        partial.writeBytes(firstBytes);
        partials.put(sha256 + "/" + name, partial);
    }

    byte[] file(String name) {
        return files.get(name);
    }

    /** Every request line received, in order. */
    List<String> requests() {
        return requests;
    }

    /** For each upload that got to READY, how many bytes the client sent. */
    List<Long> uploadedBytes() {
        return uploadedBytes;
    }

    private synchronized Fault take(Class<? extends Fault> kind, String command) {
        Fault next = faults.peek();
        boolean applies = kind.isInstance(next) && (!(next instanceof Refuse refuse) || refuse.command().equals(command));
        return applies ? faults.poll() : null;
    }

    private void acceptLoop() {
        while (listener.isOpen()) {
            try {
                SocketChannel connection = listener.accept();
                connections.add(connection);
                Thread.ofVirtual().start(() -> serve(connection));
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void serve(SocketChannel connection) {
        try (connection) {
            InputStream in = new BufferedInputStream(Channels.newInputStream(connection));
            OutputStream out = Channels.newOutputStream(connection);
            Fault greet = take(Greet.class, null);
            if (greet instanceof Greet(String line)) {
                if (line == null) {
                    in.read(); // says nothing, until the client gives up
                    return;
                }
                send(out, line);
            } else {
                send(out, "SWITCHBOARD-FILES 1");
            }
            String request;
            while ((request = readLine(in)) != null) {
                requests.add(request);
                if (take(ReplyWith.class, null) instanceof ReplyWith(String line)) {
                    send(out, line);
                    continue;
                }
                String[] words = request.split(" ", 2);
                if (take(Refuse.class, words[0]) instanceof Refuse(String command, String code, String text)) {
                    send(out, "ERR " + code + " " + text);
                    continue;
                }
                boolean goOn = switch (words[0]) {
                    case "PUT" -> put(request.split(" ", 4), in, out);
                    case "GET" -> get(request.split(" ", 3), out);
                    case "STAT" -> stat(words[1], out);
                    case "LIST" -> list(out);
                    case "QUIT" -> {
                        send(out, "BYE");
                        yield false;
                    }
                    default -> {
                        send(out, "ERR bad-request unknown command");
                        yield true;
                    }
                };
                if (!goOn) {
                    return;
                }
            }
        } catch (IOException e) {
            // the client went away: expected in fault tests
        }
    }

    private boolean put(String[] fields, InputStream in, OutputStream out) throws IOException {
        long size = Long.parseLong(fields[1]);
        String sha256 = fields[2].toLowerCase();
        String name = fields[3];
        ByteArrayOutputStream partial = partials.computeIfAbsent(sha256 + "/" + name, key -> new ByteArrayOutputStream());
        long offset = partial.size();
        send(out, "READY " + offset);
        Fault close = take(CloseUploadAt.class, null);
        long closeAt = close instanceof CloseUploadAt(long position) ? position : Long.MAX_VALUE;
        byte[] buffer = new byte[8192];
        long sent = 0;
        while (partial.size() < size) {
            if (partial.size() >= closeAt) {
                uploadedBytes.add(sent);
                return false; // cut off: the partial stays
            }
            int n = in.read(buffer, 0, (int) Math.min(buffer.length, Math.min(size, closeAt) - partial.size()));
            if (n < 0) {
                uploadedBytes.add(sent);
                return false;
            }
            partial.write(buffer, 0, n);
            sent += n;
        }
        uploadedBytes.add(sent);
        partials.remove(sha256 + "/" + name);
        byte[] content = partial.toByteArray();
        if (!sha256(content).equals(sha256)) {
            send(out, "ERR hash-mismatch the bytes received do not have the announced SHA-256");
            return false;
        }
        store(name, content);
        send(out, "OK " + size + " " + sha256 + " " + name);
        return true;
    }

    private boolean get(String[] fields, OutputStream out) throws IOException {
        long offset = Long.parseLong(fields[1]);
        byte[] content = files.get(fields[2]);
        if (content == null) {
            send(out, "ERR not-found no file named " + fields[2]);
            return true;
        }
        if (offset > content.length) {
            send(out, "ERR bad-request offset " + offset + " beyond the size " + content.length);
            return true;
        }
        String sha256 = take(AnnounceWrongHash.class, null) != null ? ZEROS : sha256(content);
        send(out, "FILE " + content.length + " " + sha256 + " " + offset);
        Fault close = take(CloseDownloadAt.class, null);
        long end = close instanceof CloseDownloadAt(long position) ? Math.max(offset, position) : content.length;
        out.write(content, (int) offset, (int) (end - offset));
        out.flush();
        return end == content.length;
    }

    private boolean stat(String name, OutputStream out) throws IOException {
        byte[] content = files.get(name);
        send(out, content == null ? "ERR not-found no file named " + name
                : "STAT " + content.length + " " + modified.get(name) + " " + sha256(content) + " " + name);
        return true;
    }

    private boolean list(OutputStream out) throws IOException {
        Map<String, byte[]> sorted = new TreeMap<>(files);
        StringBuilder reply = new StringBuilder("LIST " + sorted.size());
        sorted.forEach((name, content) -> reply.append('\n').append(content.length).append(' ')
                .append(modified.get(name)).append(' ').append(name));
        send(out, reply.toString());
        return true;
    }

    private static void send(OutputStream out, String line) throws IOException {
        out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    /** A request line without its LF (or CR LF), or null at the end of the stream. */
    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != -1 && b != '\n') {
            line.write(b);
        }
        if (b == -1 && line.size() == 0) {
            return null;
        }
        String text = line.toString(StandardCharsets.UTF_8);
        return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
    }

    static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() throws IOException {
        listener.close();
        for (SocketChannel connection : connections) {
            connection.close();
        }
    }
}
