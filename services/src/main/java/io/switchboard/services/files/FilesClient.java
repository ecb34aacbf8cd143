package io.switchboard.services.files;

import io.switchboard.endpoint.Endpoint;
import io.switchboard.tls.TlsConfig;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A blocking client of the files protocol ({@code docs/protocols/files.md}): upload, download,
 * describe and list files on a files server, over TCP, TLS ({@code tls://}, see
 * {@link #connect(Endpoint, FilesClientOptions, TlsConfig)}) or a Unix socket.
 *
 * <pre>{@code
 * try (FilesClient client = FilesClient.connect(Endpoint.parse("tcp://127.0.0.1:9998"))) {
 *     client.put(Path.of("photo.jpg"), "photo.jpg", TransferListener.NONE);
 *     client.get("photo.jpg", Path.of("copy.jpg"), TransferListener.NONE);
 * }
 * }</pre>
 *
 * <p><b>Nothing lost, nothing corrupt.</b> {@link #put} computes the file's SHA-256 first and
 * announces it; the server checks it before storing. It sends only what the server does not have
 * yet ({@code READY <offset>}), straight from the file to the socket ({@code transferTo}; under TLS
 * read and encrypted 16 KiB at a time).
 * {@link #get} writes to {@code TARGET.part} beside the target, resumes from that partial's length,
 * checks the SHA-256 of the whole file and only then renames the partial over the target
 * atomically: the target is the complete, verified file or untouched.
 *
 * <p><b>Nothing hangs, nothing grows.</b> Connecting, each read and each write wait at most their
 * timeout ({@link FilesClientOptions}); files are streamed through one buffer, never held in
 * memory; a reply line over the limit is an error.
 *
 * <p><b>Failures, and retrying.</b> An {@code ERR} reply is a {@link FilesReplyException} carrying
 * the code. A dropped or stalled connection is a {@link FilesClientConnectionLostException}; the
 * client then closes the connection and its next call connects again (without repeating anything
 * by itself), so a caller retries by calling {@code put} or {@code get} again, which resumes. The
 * client remembers the SHA-256 of the first {@code FILE} reply of each download: if a resumed
 * download names another, the file changed on the server, and the download starts again from 0.
 *
 * <p>Not thread-safe: one thread at a time (use one client per thread).
 */
public final class FilesClient implements AutoCloseable {

    /** The line a files server speaks first. */
    public static final String GREETING = "SWITCHBOARD-FILES 1";
    /** Where a files server listens by default. */
    public static final String DEFAULT_ENDPOINT = "tcp://127.0.0.1:9998";

    private static final System.Logger LOG = System.getLogger(FilesClient.class.getName());
    private static final int CHUNK_BYTES = 256 * 1024;
    private static final Pattern SHA256 = Pattern.compile("[0-9a-fA-F]{64}");
    private static final HexFormat HEX = HexFormat.of();

    private final Endpoint endpoint;
    private final FilesClientOptions options;
    private final TlsConfig tls;
    /** The SHA-256 of the first FILE reply of each download not yet completed, by partial file. */
    private final Map<Path, String> downloadHashes = new HashMap<>();
    private HashedFile lastHashed;
    /** Null after a failure left the conversation unusable: the next call connects again. */
    private FilesClientConnection connection;

    /** A local file's SHA-256, valid while its size and modification time are unchanged. */
    private record HashedFile(Path path, long size, FileTime modified, String sha256) {
    }

    private FilesClient(Endpoint endpoint, FilesClientOptions options, TlsConfig tls) {
        this.endpoint = endpoint;
        this.options = options;
        this.tls = tls;
    }

    /**
     * Connects to the files server at {@code endpoint} (TCP or Unix) with the default options and
     * reads its greeting.
     *
     * @throws FilesClientConnectException if it cannot connect or the greeting is not {@value #GREETING}
     */
    public static FilesClient connect(Endpoint endpoint) throws IOException {
        return connect(endpoint, FilesClientOptions.DEFAULTS);
    }

    /**
     * Connects to the files server at {@code endpoint} (TCP or Unix) and reads its greeting.
     *
     * @throws FilesClientConnectException if it cannot connect or the greeting is not {@value #GREETING}
     * @throws IllegalArgumentException    if {@code endpoint} is not a stream endpoint
     */
    public static FilesClient connect(Endpoint endpoint, FilesClientOptions options) throws IOException {
        return connect(endpoint, options, null);
    }

    /**
     * Connects to the files server at {@code endpoint} and reads its greeting; a {@code tls://}
     * endpoint inside TLS, trusting the server as {@code tls}'s context says and checking that its
     * certificate names the endpoint's host (HTTPS rules), every reconnection alike.
     *
     * @param tls whom to trust and how long a handshake may take, for a {@code tls://} endpoint;
     *            null for {@code tcp://} and {@code unix://}
     * @throws FilesClientConnectException if it cannot connect, the server is not trusted (the
     *                                     cause is then an {@link javax.net.ssl.SSLHandshakeException}),
     *                                     or the greeting is not {@value #GREETING}
     * @throws IllegalArgumentException    a {@code tls://} endpoint without {@code tls}, or the reverse
     */
    public static FilesClient connect(Endpoint endpoint, FilesClientOptions options, TlsConfig tls) throws IOException {
        FilesClient client = new FilesClient(endpoint, options, tls);
        client.ensureConnected();
        return client;
    }

    /** The server's endpoint. */
    public Endpoint endpoint() {
        return endpoint;
    }

    /** Whether a connection is open now (after a lost connection, the next call opens one). */
    public boolean isConnected() {
        return connection != null;
    }

    private FilesClientConnection ensureConnected() throws IOException {
        if (connection != null) {
            return connection;
        }
        FilesClientConnection opened = FilesClientConnection.open(endpoint, options, tls);
        try {
            String greeting = opened.readLine("the greeting");
            if (!greeting.equals(GREETING)) {
                throw new FilesClientConnectException(endpoint + " is not a files server: it greeted with '"
                        + abbreviate(greeting) + "' (expected: '" + GREETING + "')");
            }
        } catch (FilesClientConnectionLostException | FilesClientProtocolException e) {
            opened.close();
            throw new FilesClientConnectException("cannot connect to " + endpoint + ": no greeting ("
                    + e.getMessage() + ")", e);
        } catch (IOException | RuntimeException e) {
            opened.close();
            throw e;
        }
        LOG.log(Level.DEBUG, () -> "[" + endpoint + "] connected");
        connection = opened;
        return opened;
    }

    /** Closes the connection after a failure; the next call connects again. */
    private void abandonConnection() {
        if (connection != null) {
            connection.close();
            connection = null;
        }
    }

    /**
     * Uploads {@code file} as {@code name}: computes its SHA-256, announces size and hash, sends the
     * bytes from the offset the server asks for (resuming an interrupted upload of the same name
     * and content), and returns once the server has stored the file durably.
     *
     * @throws FilesReplyException                 the server refused ({@code bad-name}, {@code busy}, ...)
     * @throws FilesClientConnectionLostException  the connection dropped or stalled: calling again resumes
     * @throws FilesClientProtocolException        the server broke the protocol
     * @throws IOException                         reading {@code file} failed (the message names it)
     * @throws IllegalArgumentException            {@code name} is empty or contains a line break
     */
    public TransferResult put(Path file, String name, TransferListener listener) throws IOException {
        checkName(name);
        String sha256 = sha256(file);
        try (FileChannel source = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = source.size();
            String request = "PUT " + name + " to " + endpoint;
            FilesClientConnection conversation = ensureConnected();
            return converse(() -> {
                conversation.writeLine("PUT " + size + " " + sha256 + " " + name, "sending " + request);
                String reply = conversation.readLine("the reply to " + request);
                String[] ready = fields(reply, request, "READY", 2);
                long offset = number(ready[1], "offset", reply, request);
                if (offset > size) {
                    throw protocolError(request, reply, "offset " + offset + " beyond the size " + size);
                }
                listener.transferStarted(name, size, offset);
                long start = System.nanoTime();
                try {
                    conversation.send(source, offset, size, listener::bytesTransferred, "sending " + name);
                } catch (FilesClientConnectionLostException e) {
                    throw refusalWhileSending(conversation, request, e);
                }
                String outcome = conversation.readLine("the reply to the bytes of " + request);
                if (outcome.startsWith("ERR ")) {
                    abandonConnection(); // the server closes after an ERR that follows READY
                }
                String[] ok = fields(outcome, request, "OK", 4);
                if (number(ok[1], "size", outcome, request) != size || !ok[2].equalsIgnoreCase(sha256)
                        || !ok[3].equals(name)) {
                    throw protocolError(request, outcome, "expected OK " + size + " " + sha256 + " " + name);
                }
                return new TransferResult(name, size, sha256, offset, Duration.ofNanos(System.nanoTime() - start));
            });
        }
    }

    /**
     * The server may have refused the upload and closed while the bytes were on their way
     * ({@code ERR no-space}): its ERR line, if it can still be read, says why better than the reset.
     */
    private static IOException refusalWhileSending(FilesClientConnection conversation, String request,
            FilesClientConnectionLostException lost) {
        if (lost.getCause() == null) { // timed out, or closed by the server after what it had to say
            return lost;
        }
        try {
            String reply = conversation.readLine("a refusal of " + request);
            if (reply.startsWith("ERR ")) {
                String[] error = reply.split(" ", 3);
                FilesReplyException refused = new FilesReplyException(request, error[1], error.length > 2 ? error[2] : "");
                refused.addSuppressed(lost);
                return refused;
            }
        } catch (IOException ignored) {
            // nothing more to read: the loss is the whole story
        }
        return lost;
    }

    /**
     * Downloads {@code name} into {@code target}: the bytes go to {@code target + ".part"} (an
     * existing partial is resumed from its length), the SHA-256 of the whole file is checked, and
     * the partial is renamed over {@code target} atomically.
     *
     * @throws FilesReplyException                 the server refused ({@code not-found}, ...)
     * @throws TransferHashMismatchException       the bytes do not have the announced SHA-256 (the partial is deleted)
     * @throws FilesClientConnectionLostException  the connection dropped or stalled: calling again resumes
     * @throws FilesClientProtocolException        the server broke the protocol
     * @throws IOException                         writing the partial or the target failed (the message names it)
     * @throws IllegalArgumentException            {@code name} is empty or contains a line break
     */
    public TransferResult get(String name, Path target, TransferListener listener) throws IOException {
        checkName(name);
        Path part = partialOf(target);
        String request = "GET " + name + " from " + endpoint;
        boolean restarted = false;
        while (true) {
            long offset = Files.isRegularFile(part) ? Files.size(part) : 0;
            FilesClientConnection conversation = ensureConnected();
            Download download = converse(() -> {
                conversation.writeLine("GET " + offset + " " + name, "sending " + request);
                String reply = conversation.readLine("the reply to " + request);
                if (offset > 0 && reply.startsWith("ERR " + FilesReplyException.BAD_REQUEST)) {
                    return new Download.StartAgain("the partial " + part + " is longer than the file on the server");
                }
                String[] file = fields(reply, request, "FILE", 4);
                long size = number(file[1], "size", reply, request);
                String sha256 = file[2].toLowerCase(Locale.ROOT);
                if (!SHA256.matcher(sha256).matches()) {
                    throw protocolError(request, reply, "a SHA-256 of 64 hex digits expected");
                }
                if (number(file[3], "offset", reply, request) != offset || size < offset) {
                    throw protocolError(request, reply, "expected offset " + offset + " and a size of at least that");
                }
                String first = downloadHashes.putIfAbsent(part, sha256);
                if (offset > 0 && first != null && !first.equals(sha256)) {
                    abandonConnection(); // the rest of the old version's bytes are on the way: drop them
                    return new Download.StartAgain("the file changed on the server since the download began");
                }
                listener.transferStarted(name, size, offset);
                long start = System.nanoTime();
                String actual = receive(conversation, part, offset, size, listener);
                if (!actual.equals(sha256)) {
                    return new Download.Mismatch(sha256, actual);
                }
                moveIntoPlace(part, target);
                downloadHashes.remove(part);
                return new Download.Done(new TransferResult(name, size, sha256, offset,
                        Duration.ofNanos(System.nanoTime() - start)));
            });
            switch (download) {
                case Download.Done done -> {
                    return done.result();
                }
                case Download.StartAgain again -> {
                    LOG.log(Level.INFO, "[{0}] {1}: {2}; starting again from byte 0", endpoint, name, again.reason());
                    Files.deleteIfExists(part);
                    downloadHashes.remove(part);
                }
                case Download.Mismatch mismatch -> {
                    Files.deleteIfExists(part);
                    downloadHashes.remove(part);
                    if (offset == 0 || restarted) {
                        throw new TransferHashMismatchException(request, mismatch.expectedSha256(), mismatch.actualSha256());
                    }
                    // the partial may come from an earlier download of another version: one fresh try
                    LOG.log(Level.INFO, "[{0}] {1}: SHA-256 mismatch after resuming {2} at byte {3}; the partial"
                            + " was stale, starting again from byte 0", endpoint, name, part, Long.toString(offset));
                    restarted = true;
                }
            }
        }
    }

    /** How one GET exchange ended. */
    private sealed interface Download {
        /** Verified and in place. */
        record Done(TransferResult result) implements Download {
        }

        /** The partial cannot be resumed (the file changed, or the partial is longer than it). */
        record StartAgain(String reason) implements Download {
        }

        /** All bytes arrived, with another SHA-256 than announced. */
        record Mismatch(String expectedSha256, String actualSha256) implements Download {
        }
    }

    /** Receives bytes {@code offset .. size-1} into {@code part}; returns the SHA-256 of the whole partial. */
    private String receive(FilesClientConnection conversation, Path part, long offset, long size,
            TransferListener listener) throws IOException {
        MessageDigest digest = sha256Digest();
        ByteBuffer buffer = ByteBuffer.allocateDirect(CHUNK_BYTES);
        try (FileChannel partial = FileChannel.open(part, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.READ)) {
            digestPrefix(partial, offset, digest, buffer);
            partial.truncate(offset);
            long position = offset;
            while (position < size) {
                buffer.clear().limit((int) Math.min(buffer.capacity(), size - position));
                conversation.read(buffer, "receiving " + part.getFileName() + " (at byte " + position + " of " + size + ")");
                buffer.flip();
                digest.update(buffer.duplicate());
                while (buffer.hasRemaining()) {
                    position += partial.write(buffer, position);
                }
                listener.bytesTransferred(position);
            }
            partial.force(true);
        }
        return HEX.formatHex(digest.digest());
    }

    /** Feeds the first {@code length} bytes of {@code file} to {@code digest}. */
    private static void digestPrefix(FileChannel file, long length, MessageDigest digest, ByteBuffer buffer)
            throws IOException {
        long position = 0;
        while (position < length) {
            buffer.clear().limit((int) Math.min(buffer.capacity(), length - position));
            int n = file.read(buffer, position);
            if (n < 0) {
                throw new IOException("the partial download ended at byte " + position + " of " + length);
            }
            position += n;
            digest.update(buffer.flip());
        }
    }

    private static void moveIntoPlace(Path part, Path target) throws IOException {
        try {
            Files.move(part, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(part, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /**
     * Describes {@code name}: size, modification time, SHA-256.
     *
     * @throws FilesReplyException {@code not-found} when there is no such file
     */
    public RemoteFileStat stat(String name) throws IOException {
        checkName(name);
        String request = "STAT " + name + " at " + endpoint;
        FilesClientConnection conversation = ensureConnected();
        return converse(() -> {
            conversation.writeLine("STAT " + name, "sending " + request);
            String reply = conversation.readLine("the reply to " + request);
            String[] stat = fields(reply, request, "STAT", 5);
            String sha256 = stat[3].toLowerCase(Locale.ROOT);
            if (!SHA256.matcher(sha256).matches()) {
                throw protocolError(request, reply, "a SHA-256 of 64 hex digits expected");
            }
            return new RemoteFileStat(stat[4], number(stat[1], "size", reply, request),
                    Instant.ofEpochMilli(number(stat[2], "mtime-ms", reply, request)), sha256);
        });
    }

    /** Lists the server's files, sorted by name. */
    public List<RemoteFileEntry> list() throws IOException {
        String request = "LIST at " + endpoint;
        FilesClientConnection conversation = ensureConnected();
        return converse(() -> {
            conversation.writeLine("LIST", "sending " + request);
            String reply = conversation.readLine("the reply to " + request);
            long count = number(fields(reply, request, "LIST", 2)[1], "count", reply, request);
            List<RemoteFileEntry> entries = new ArrayList<>();
            for (long i = 0; i < count; i++) {
                String line = conversation.readLine("line " + (i + 1) + " of " + count + " of " + request);
                String[] entry = line.split(" ", 3);
                if (entry.length != 3) {
                    throw protocolError(request, line, "expected <size> <mtime-ms> <name>");
                }
                entries.add(new RemoteFileEntry(entry[2], number(entry[0], "size", line, request),
                        Instant.ofEpochMilli(number(entry[1], "mtime-ms", line, request))));
            }
            return List.copyOf(entries);
        });
    }

    /** Says {@code QUIT}, waits for {@code BYE} (at most the idle timeout) and closes. */
    public void quit() throws IOException {
        if (connection == null) {
            return;
        }
        FilesClientConnection conversation = connection;
        String request = "QUIT at " + endpoint;
        try {
            converse(() -> {
                conversation.writeLine("QUIT", "sending " + request);
                fields(conversation.readLine("the reply to " + request), request, "BYE", 1);
                return null;
            });
        } finally {
            abandonConnection();
        }
    }

    /** Closes the connection without a word to the server. */
    @Override
    public void close() {
        abandonConnection();
    }

    /** One exchange on the connection; a failure other than an ERR reply ends the connection. */
    private <T> T converse(Exchange<T> exchange) throws IOException {
        try {
            return exchange.run();
        } catch (FilesReplyException e) {
            throw e; // the server stays ready for the next request, or it already closed
        } catch (IOException | RuntimeException | Error e) {
            abandonConnection();
            throw e;
        }
    }

    /** One request and its reply. */
    @FunctionalInterface
    private interface Exchange<T> {
        T run() throws IOException;
    }

    /**
     * The fields of a reply that starts with {@code word}: at most {@code count}, the last one taking
     * the rest of the line (a name may contain spaces).
     *
     * @throws FilesReplyException          if the reply is {@code ERR}
     * @throws FilesClientProtocolException if it is anything else or has fewer fields
     */
    private String[] fields(String reply, String request, String word, int count) throws IOException {
        if (reply.startsWith("ERR ")) {
            String[] error = reply.split(" ", 3);
            throw new FilesReplyException(request, error[1], error.length > 2 ? error[2] : "");
        }
        String[] fields = reply.split(" ", count);
        if (!fields[0].equals(word) || fields.length != count) {
            throw protocolError(request, reply, "expected " + word + " with " + (count - 1) + " field(s)");
        }
        return fields;
    }

    private long number(String text, String field, String reply, String request) throws IOException {
        try {
            long value = Long.parseLong(text);
            if (value >= 0 && text.chars().allMatch(c -> c >= '0' && c <= '9')) {
                return value;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw protocolError(request, reply, field + " '" + abbreviate(text) + "' is not a byte count");
    }

    private FilesClientProtocolException protocolError(String request, String reply, String problem) {
        return new FilesClientProtocolException(endpoint + " broke the files protocol in reply to " + request + ": '"
                + abbreviate(reply) + "' (" + problem + ")");
    }

    private static String abbreviate(String text) {
        String shown = text.length() > 100 ? text.substring(0, 100) + "..." : text;
        StringBuilder printable = new StringBuilder(shown.length());
        shown.codePoints().forEach(c -> printable.appendCodePoint(Character.isISOControl(c) ? '?' : c));
        return printable.toString();
    }

    private static void checkName(String name) {
        if (name == null || name.isEmpty() || name.indexOf('\n') >= 0 || name.indexOf('\r') >= 0) {
            throw new IllegalArgumentException("name: '" + name + "' (expected: not empty, without line breaks)");
        }
    }

    /** {@code target + ".part"}, beside the target: where a download is written until it is verified. */
    public static Path partialOf(Path target) {
        return target.resolveSibling(target.getFileName() + ".part");
    }

    /** The SHA-256 of {@code file}, remembered while its size and modification time stay the same. */
    private String sha256(Path file) throws IOException {
        long size;
        FileTime modified;
        try {
            size = Files.size(file);
            modified = Files.getLastModifiedTime(file);
        } catch (NoSuchFileException e) {
            throw new NoSuchFileException(file.toString(), null, "no such file");
        }
        if (lastHashed != null && lastHashed.path().equals(file) && lastHashed.size() == size
                && lastHashed.modified().equals(modified)) {
            return lastHashed.sha256();
        }
        String sha256 = sha256Of(file);
        lastHashed = new HashedFile(file, size, modified, sha256);
        return sha256;
    }

    /** The SHA-256 of a file's content, lower-case hex, read through one buffer. */
    public static String sha256Of(Path file) throws IOException {
        MessageDigest digest = sha256Digest();
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            digestPrefix(channel, channel.size(), digest, ByteBuffer.allocateDirect(CHUNK_BYTES));
        }
        return HEX.formatHex(digest.digest());
    }

    private static MessageDigest sha256Digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
