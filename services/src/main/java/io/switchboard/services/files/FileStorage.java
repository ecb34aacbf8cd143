package io.switchboard.services.files;

import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The files service's store: one flat directory of files with checked names, hidden partial files
 * beside them for uploads in progress, and the SHA-256 of each file remembered once computed.
 *
 * <p>Everything here does disk work and blocks: call it from worker threads, never an event loop.
 * Thread-safe: one storage serves every connection of a service start; the name of an upload in
 * progress is held until it ends ({@code ERR busy} for a second writer), and a partial is locked
 * with {@link FileChannel#tryLock} so two processes sharing the directory never append to it at once.
 */
public final class FileStorage {

    private static final Logger LOG = System.getLogger(FileStorage.class.getName());
    private static final String PARTIAL_PREFIX = ".partial-";
    private static final DateTimeFormatter CLASSIC_STAMP =
            DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

    private final Path directory;
    private final FilesOptions options;
    private final Clock clock;
    private final java.util.Set<String> uploading = ConcurrentHashMap.newKeySet(); // names being written
    private final ConcurrentHashMap<String, KnownHash> hashes = new ConcurrentHashMap<>();
    private final java.util.concurrent.atomic.AtomicLong classicSerial = new java.util.concurrent.atomic.AtomicLong();

    /** What a file's SHA-256 was when it had this identity, size and time. */
    private record KnownHash(Object fileKey, long size, long modifiedMillis, String sha256) {
    }

    /** A store in {@code directory}, created if missing. */
    public FileStorage(Path directory, FilesOptions options) throws IOException {
        this(directory, options, Clock.systemUTC());
    }

    FileStorage(Path directory, FilesOptions options, Clock clock) throws IOException {
        this.directory = Files.createDirectories(directory).toRealPath();
        this.options = Objects.requireNonNull(options, "options");
        this.clock = clock;
    }

    /** The store's directory (real path). */
    public Path directory() {
        return directory;
    }

    /** The limits in force. */
    public FilesOptions options() {
        return options;
    }

    // ---- reading ----------------------------------------------------------------------------

    /** Every stored file, sorted by name, without hashes; hidden and non-regular files are left out. */
    public List<StoredFile> list() throws IOException {
        List<StoredFile> files = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory)) {
            for (Path entry : entries) {
                String name = entry.getFileName().toString();
                if (FileNames.problem(name) != null) {
                    continue; // partials, hidden files and names no client could ask for
                }
                BasicFileAttributes attributes;
                try {
                    attributes = Files.readAttributes(entry, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                } catch (NoSuchFileException gone) {
                    continue;
                }
                if (attributes.isRegularFile()) {
                    files.add(new StoredFile(name, attributes.size(), attributes.lastModifiedTime().toMillis(), null));
                }
            }
        }
        files.sort(Comparator.comparing(StoredFile::name));
        return files;
    }

    /** The named file with its SHA-256 (computed on first use, then remembered). */
    public StoredFile stat(String name) throws FilesRefusal {
        try (OpenedFile opened = open(name)) {
            BasicFileAttributes attributes = attributes(name);
            return new StoredFile(name, opened.size(), attributes.lastModifiedTime().toMillis(), opened.sha256());
        } catch (IOException e) {
            throw diskFailure("reading " + name, e);
        }
    }

    /**
     * Opens the named file for a download; the size and hash describe the version opened.
     *
     * @throws FilesRefusal {@code bad-name}, {@code not-found} (symbolic links and directories are
     *                      not served) or a disk failure
     */
    public OpenedFile open(String name) throws FilesRefusal {
        FileNames.check(name);
        Path path = directory.resolve(name);
        for (int attempt = 0; attempt < 3; attempt++) {
            try {
                BasicFileAttributes before = attributes(name);
                FileChannel channel = FileChannel.open(path, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
                try {
                    BasicFileAttributes after = attributes(name);
                    if (!Objects.equals(before.fileKey(), after.fileKey()) || before.size() != after.size()
                            || channel.size() != after.size()) {
                        channel.close();
                        continue; // replaced while opening: look again
                    }
                    String sha256 = knownHash(name, after);
                    if (sha256 == null) {
                        sha256 = sha256Of(channel, after.size());
                        hashes.put(name, new KnownHash(after.fileKey(), after.size(),
                                after.lastModifiedTime().toMillis(), sha256));
                    }
                    return new OpenedFile(channel, after.size(), sha256);
                } catch (IOException | RuntimeException e) {
                    channel.close();
                    throw e;
                }
            } catch (NoSuchFileException e) {
                throw new FilesRefusal(FilesRefusal.Code.NOT_FOUND, "no file named " + FileNames.quoted(name));
            } catch (IOException e) {
                throw diskFailure("opening " + name, e);
            }
        }
        throw new FilesRefusal(FilesRefusal.Code.BUSY, FileNames.quoted(name) + " keeps changing; try again");
    }

    private BasicFileAttributes attributes(String name) throws IOException, FilesRefusal {
        BasicFileAttributes attributes = Files.readAttributes(directory.resolve(name), BasicFileAttributes.class,
                LinkOption.NOFOLLOW_LINKS);
        if (!attributes.isRegularFile()) {
            throw new FilesRefusal(FilesRefusal.Code.NOT_FOUND, FileNames.quoted(name) + " is not a regular file");
        }
        return attributes;
    }

    private String knownHash(String name, BasicFileAttributes attributes) {
        KnownHash known = hashes.get(name);
        if (known != null && known.fileKey() != null && known.fileKey().equals(attributes.fileKey())
                && known.size() == attributes.size() && known.modifiedMillis() == attributes.lastModifiedTime().toMillis()) {
            return known.sha256();
        }
        return null;
    }

    // ---- uploading --------------------------------------------------------------------------

    /**
     * Starts (or resumes) an upload of {@code size} bytes with {@code sha256} under {@code name}.
     * A partial left by an earlier attempt with the same name and hash is continued: its bytes are
     * hashed again and {@link Upload#offset()} says where the client starts.
     *
     * @throws FilesRefusal {@code bad-name}, {@code too-large}, {@code no-space}, {@code busy} or a disk failure
     */
    public Upload beginUpload(String name, long size, String sha256) throws FilesRefusal {
        FileNames.check(name);
        checkSize(size);
        Path partial = directory.resolve(PARTIAL_PREFIX + sha256.substring(0, 32) + "-" + name);
        if (!uploading.add(name)) {
            throw busy(name);
        }
        try {
            return open(partial, name, size, sha256);
        } catch (FilesRefusal | RuntimeException e) {
            uploading.remove(name);
            throw e;
        }
    }

    /** Starts a classic upload (size first, no name, no hash): its name is chosen when it is stored. */
    public Upload beginClassicUpload(long size) throws FilesRefusal {
        checkSize(size);
        Path partial = directory.resolve(PARTIAL_PREFIX + "classic-" + ProcessHandle.current().pid() + "-"
                + classicSerial.incrementAndGet() + "-" + CLASSIC_STAMP.format(clock.instant()));
        return open(partial, null, size, null);
    }

    private void checkSize(long size) throws FilesRefusal {
        if (size > options.maxFileBytes()) {
            throw new FilesRefusal(FilesRefusal.Code.TOO_LARGE, size + " bytes is over this server's maximum of "
                    + options.maxFileBytes() + " bytes");
        }
    }

    private Upload open(Path partial, String name, long size, String sha256) throws FilesRefusal {
        FileChannel channel = null;
        try {
            channel = FileChannel.open(partial, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null;
            }
            if (lock == null) {
                channel.close();
                throw busy(name != null ? name : partial.getFileName().toString());
            }
            long present = channel.size();
            if (present > size || sha256 == null) {
                channel.truncate(0); // longer than announced: not a prefix of this file
                present = 0;
            }
            try {
                requireSpace(size - present);
            } catch (FilesRefusal refused) {
                if (present == 0) {
                    Files.deleteIfExists(partial); // ours (we hold its lock) and empty: leave nothing behind
                }
                throw refused;
            }
            MessageDigest digest = sha256();
            hashPrefix(channel, present, digest);
            if (present > 0) {
                long resumed = present;
                LOG.log(Level.INFO, () -> "resuming the upload of " + name + " at " + resumed + " of " + size + " bytes");
            }
            return new Upload(this, name, partial, size, sha256, channel, lock, digest, present);
        } catch (IOException e) {
            closeQuietly(channel);
            throw diskFailure("preparing the upload of " + (name != null ? name : "a classic upload"), e);
        } catch (FilesRefusal | RuntimeException e) {
            closeQuietly(channel);
            throw e;
        }
    }

    private void requireSpace(long bytes) throws IOException, FilesRefusal {
        long usable = Files.getFileStore(directory).getUsableSpace();
        if (bytes > usable - options.reserveBytes()) {
            throw new FilesRefusal(FilesRefusal.Code.NO_SPACE, bytes + " bytes do not fit: " + usable
                    + " bytes are free and " + options.reserveBytes() + " are kept in reserve");
        }
    }

    private static void hashPrefix(FileChannel channel, long length, MessageDigest digest) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate((int) Math.min(256 * 1024, Math.max(1, length)));
        long at = 0;
        while (at < length) {
            buffer.clear().limit((int) Math.min(buffer.capacity(), length - at));
            int n = channel.read(buffer, at);
            if (n < 0) {
                throw new IOException("the partial file shrank while being read");
            }
            buffer.flip();
            digest.update(buffer);
            at += n;
        }
    }

    /** Moves a finished partial over {@code name} atomically and forces the directory; returns the name. */
    String publish(Path partial, String name) throws IOException {
        Files.move(partial, directory.resolve(name), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        forceDirectory();
        return name;
    }

    /**
     * Publishes a classic upload under {@code upload-YYYYMMDD-HHMMSS-N.<ext>}: a hard link makes the
     * name appear atomically and fails if it exists, so no file is ever replaced.
     */
    String publishClassic(Path partial, String extension) throws IOException {
        String stamp = CLASSIC_STAMP.format(clock.instant());
        for (int n = 1; ; n++) {
            String name = "upload-" + stamp + "-" + n + "." + extension;
            try {
                Files.createLink(directory.resolve(name), partial);
            } catch (FileAlreadyExistsException taken) {
                continue;
            }
            Files.delete(partial);
            forceDirectory();
            return name;
        }
    }

    private void forceDirectory() throws IOException {
        try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
            dir.force(true);
        }
    }

    /** Remembers the hash of a file just stored, so its first download does not read it twice. */
    StoredFile remember(String name, long size, String sha256) {
        try {
            BasicFileAttributes attributes = Files.readAttributes(directory.resolve(name), BasicFileAttributes.class,
                    LinkOption.NOFOLLOW_LINKS);
            hashes.put(name, new KnownHash(attributes.fileKey(), size, attributes.lastModifiedTime().toMillis(), sha256));
            return new StoredFile(name, size, attributes.lastModifiedTime().toMillis(), sha256);
        } catch (IOException e) {
            return new StoredFile(name, size, clock.millis(), sha256); // already replaced: the hash is still right
        }
    }

    /** The upload of {@code name} ended: the name is free for the next writer. */
    void release(String name) {
        if (name != null) {
            uploading.remove(name);
        }
    }

    private static FilesRefusal busy(String name) {
        return new FilesRefusal(FilesRefusal.Code.BUSY, "an upload of " + FileNames.quoted(name)
                + " is in progress; try again when it ends");
    }

    // ---- helpers ----------------------------------------------------------------------------

    /** A disk failure as the protocol reports it: {@code no-space} for a full disk, else {@code io-error}. */
    static FilesRefusal diskFailure(String what, IOException e) {
        String message = String.valueOf(e.getMessage());
        if (message.contains("No space left") || message.contains("Disk quota exceeded")) {
            return new FilesRefusal(FilesRefusal.Code.NO_SPACE, what + ": the disk is full", e);
        }
        LOG.log(Level.WARNING, what + " failed", e);
        return new FilesRefusal(FilesRefusal.Code.IO_ERROR, what + " failed: " + e.getClass().getSimpleName()
                + (e.getMessage() != null ? " " + e.getMessage() : ""), e);
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
    }

    /** The SHA-256 of the first {@code size} bytes of {@code channel}, as hex. */
    static String sha256Of(FileChannel channel, long size) throws IOException {
        MessageDigest digest = sha256();
        hashPrefix(channel, size, digest);
        return HexFormat.of().formatHex(digest.digest());
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // already failing
            }
        }
    }
}
