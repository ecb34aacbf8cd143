package io.switchboard.bench;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Upload and download throughput of the files service on loopback, beside socat and nc moving the
 * same file on the same machine, one transfer at a time.
 *
 * <pre>FilesThroughput [MiB] [runs] [--out DIR]</pre>
 *
 * Writes a file of pseudo-random bytes (default 1024 MiB) once in a temporary directory under
 * /tmp and hashes it (SHA-256, not timed), starts the files service in its own JVM per poller
 * (epoll and nio, one loop, data directory under the same temporary directory), warms each up with
 * one untimed upload and download, then times, once per run and in turn:
 * <ul>
 *   <li>upload: connect, {@code PUT}, the bytes by {@code transferTo}, until {@code OK} — the server
 *       has hashed, forced (fsync) and renamed the file by then;</li>
 *   <li>download: connect, {@code GET 0}, until the last byte is in a discarded buffer;</li>
 *   <li>socat and nc (netcat-openbsd) into a file, socat into a file then fsync, a socat file server
 *       into the same discarded buffer, and socat into /dev/null with its default 8 KiB and with
 *       256 KiB buffers (a raw pipe: the loopback ceiling as far as socat can show it).</li>
 * </ul>
 * Ports: the service binds port 0; a peer gets a port the OS chose for a socket bound and closed
 * just before the peer starts (another process could take it in between; the peer then fails to
 * bind and the run stops with that error). Every child process is stopped by PID at the end,
 * also on failure or Ctrl-C; every transfer has a deadline; the temporary directory is deleted.
 * With {@code --out DIR} the report is also written to {@code DIR/files-throughput.md}.
 */
public final class FilesThroughput {

    private static final int MIB = 1024 * 1024;
    private static final String SOCAT = "socat";
    private static final String NC = "nc";
    private static final String PEER_BIG_BUFFER = "262144";

    private final long size;
    private final Path source;
    private final String sha256;
    private final Path peerTarget;
    private final long deadlineSeconds;
    private final ChildProcesses children;

    private FilesThroughput(long size, Path source, String sha256, Path peerTarget, ChildProcesses children) {
        this.size = size;
        this.source = source;
        this.sha256 = sha256;
        this.peerTarget = peerTarget;
        this.deadlineSeconds = 60 + size / (5L * 1000 * 1000); // at least 5 MB/s, or the transfer is cut
        this.children = children;
    }

    /** One timed transfer; returns the seconds it took. */
    @FunctionalInterface
    private interface Transfer {
        double seconds() throws Exception;
    }

    /**
     * A row of the report.
     *
     * @param direction  upload, download or pipe
     * @param label      who moves the bytes, and how
     * @param timed      what the time includes
     * @param baseline   the label of the row this one is compared with, or null
     * @param server     the server whose CPU time is read, or null
     * @param transfer   the transfer itself
     */
    private record Row(String direction, String label, String timed, String baseline, ServerProcess server,
            Transfer transfer) {
    }

    /** The seconds and server CPU seconds of every run of one row. */
    private record Samples(List<Double> seconds, List<Double> serverCpu) {
        Samples() {
            this(new ArrayList<>(), new ArrayList<>());
        }
    }

    /** Runs every row {@code runs} times; see the class comment for the arguments. */
    public static void main(String[] args) throws Exception {
        List<String> plain = new ArrayList<>();
        Path out = null;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--out") && i + 1 < args.length) {
                out = Path.of(args[++i]);
            } else {
                plain.add(args[i]);
            }
        }
        int mebibytes = plain.size() > 0 ? Integer.parseInt(plain.get(0)) : 1024;
        int runs = plain.size() > 1 ? Integer.parseInt(plain.get(1)) : 3;
        if (mebibytes < 1 || runs < 1) {
            throw new IllegalArgumentException("MiB: " + mebibytes + ", runs: " + runs + " (expected: >= 1 each)");
        }
        for (String tool : List.of(SOCAT, NC)) {
            if (!onPath(tool)) {
                throw new IllegalStateException(tool + " is not installed (bench/run-files.sh installs socat and "
                        + "netcat-openbsd with apt-get)");
            }
        }
        Path work = Files.createTempDirectory(Path.of("/tmp"), "switchboard-files-bench-");
        ChildProcesses children = new ChildProcesses();
        Thread cleanup = Thread.ofPlatform().unstarted(() -> {
            children.stopAll();
            deleteTree(work);
        });
        Runtime.getRuntime().addShutdownHook(cleanup); // Ctrl-C or kill: stop the children, delete the files
        try {
            run(work, children, (long) mebibytes * MIB, runs, out);
        } finally {
            children.stopAll();
            deleteTree(work);
            try {
                Runtime.getRuntime().removeShutdownHook(cleanup);
            } catch (IllegalStateException shuttingDown) {
                // stopped by a signal: the hook is running (or ran) the same clean-up
            }
        }
    }

    private static void run(Path work, ChildProcesses children, long size, int runs, Path out) throws Exception {
        Path source = work.resolve("source.bin");
        System.out.printf(Locale.ROOT, "files throughput: writing %d MiB to %s%n", size / MIB, source);
        String sha256 = writeSource(source, size);
        double hashSeconds = hashSeconds(source, sha256);
        System.out.printf(Locale.ROOT, "SHA-256 of the source (page cache, one thread): %.2f s, %.0f MB/s%n", hashSeconds,
                size / hashSeconds / 1e6);
        Files.createDirectories(work.resolve("peer"));
        FilesThroughput bench = new FilesThroughput(size, source, sha256, work.resolve("peer").resolve("target.bin"),
                children);
        ServerProcess epoll = children.server(FilesServerMain.class.getName(), "epoll", "1",
                work.resolve("server-epoll").toString());
        ServerProcess nio = children.server(FilesServerMain.class.getName(), "nio", "1",
                work.resolve("server-nio").toString());
        Map<String, Path> stores = Map.of("epoll", work.resolve("server-epoll").resolve("files"),
                "nio", work.resolve("server-nio").resolve("files"));
        for (ServerProcess server : List.of(epoll, nio)) { // warm-up, and the file every download fetches
            bench.upload(server.port(), "download.bin");
            bench.download(server.port());
        }
        String socatFile = "socat → file";
        String socatServer = "socat file server → same sink";
        List<Row> rows = List.of(
                new Row("upload", "switchboard epoll, 1 loop", "connect → OK: PUT, bytes, SHA-256, fsync, rename",
                        socatFile, epoll, () -> bench.upload(epoll.port(), stores.get("epoll"))),
                new Row("upload", "switchboard nio, 1 loop", "connect → OK: PUT, bytes, SHA-256, fsync, rename",
                        socatFile, nio, () -> bench.upload(nio.port(), stores.get("nio"))),
                new Row("upload", socatFile, "sender start → receiver exit; no hash, no fsync", null, null,
                        () -> bench.peerToFile(false)),
                new Row("upload", "socat → file, then fsync", "sender start → fsync returned; no hash", null, null,
                        () -> bench.peerToFile(true)),
                new Row("upload", "nc → file", "sender start → receiver exit; no hash, no fsync", null, null,
                        bench::netcatToFile),
                new Row("download", "switchboard epoll, 1 loop", "connect → last byte: GET, pread + write",
                        socatServer, epoll, () -> bench.download(epoll.port())),
                new Row("download", "switchboard nio, 1 loop", "connect → last byte: GET, sendfile",
                        socatServer, nio, () -> bench.download(nio.port())),
                new Row("download", socatServer, "connect → last byte: read + write", null, null,
                        bench::peerServerToSink),
                new Row("pipe", "socat → /dev/null", "sender start → receiver exit; 8 KiB buffers", null, null,
                        () -> bench.peerToDevNull(null)),
                new Row("pipe", "socat -b 262144 → /dev/null", "sender start → receiver exit; 256 KiB buffers", null,
                        null, () -> bench.peerToDevNull(PEER_BIG_BUFFER)));
        Map<Row, Samples> results = new LinkedHashMap<>();
        rows.forEach(row -> results.put(row, new Samples()));
        String loadBefore = loadAverage();
        for (int run = 1; run <= runs; run++) {
            for (Row row : rows) {
                long cpuBefore = row.server() == null ? 0 : row.server().cpuNanos();
                double seconds = row.transfer().seconds();
                Samples samples = results.get(row);
                samples.seconds().add(seconds);
                if (row.server() != null) {
                    samples.serverCpu().add((row.server().cpuNanos() - cpuBefore) / 1e9);
                }
                System.out.printf(Locale.ROOT, "run %d  %-8s %-32s %7.3f s %9.1f MB/s%n", run, row.direction(),
                        row.label(), seconds, size / seconds / 1e6);
            }
        }
        String load = "load average (1 min) " + loadBefore + " as the timed runs started, " + loadAverage()
                + " as they ended (this benchmark's own processes count in it)";
        String report = report(results, size, runs, size / hashSeconds / 1e6, load);
        System.out.println();
        System.out.println(report);
        if (out != null) {
            Files.createDirectories(out);
            Files.writeString(out.resolve("files-throughput.md"), report);
            System.out.println("wrote " + out.resolve("files-throughput.md"));
        }
    }

    // ---- the transfers ----------------------------------------------------------------------

    /** Uploads the source as a fresh name, times it, then deletes the stored copy from {@code store}. */
    private double upload(int port, Path store) throws Exception {
        String name = "upload-" + System.nanoTime() + ".bin";
        double seconds = upload(port, name);
        Files.delete(store.resolve(name));
        return seconds;
    }

    private double upload(int port, String name) throws Exception {
        long start = System.nanoTime();
        try (FilesProtocolClient client = FilesProtocolClient.connect(port);
                Deadline ignored = Deadline.closing(client, deadlineSeconds)) {
            client.put(source, size, sha256, name);
        }
        return (System.nanoTime() - start) / 1e9;
    }

    private double download(int port) throws Exception {
        long start = System.nanoTime();
        try (FilesProtocolClient client = FilesProtocolClient.connect(port);
                Deadline ignored = Deadline.closing(client, deadlineSeconds)) {
            long got = client.get("download.bin", sha256);
            if (got != size) {
                throw new IOException("GET download.bin: " + got + " bytes, expected " + size);
            }
        }
        return (System.nanoTime() - start) / 1e9;
    }

    /** {@code socat -u TCP-LISTEN:port OPEN:target,creat,trunc} fed by {@code socat -u FILE:source TCP:port}. */
    private double peerToFile(boolean fsync) throws Exception {
        int port = freePort();
        Process receiver = children.start(List.of(SOCAT, "-u", listen(port), "OPEN:" + peerTarget + ",creat,trunc"),
                null, null);
        awaitListening(port, receiver);
        long start = System.nanoTime();
        Process sender = children.start(List.of(SOCAT, "-u", "FILE:" + source, "TCP:127.0.0.1:" + port), null, null);
        finish(receiver, sender);
        if (fsync) {
            try (FileChannel written = FileChannel.open(peerTarget, StandardOpenOption.WRITE)) {
                written.force(true);
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        checkAndDeleteTarget();
        return seconds;
    }

    /** {@code nc -l 127.0.0.1 port > target} fed by {@code nc -N 127.0.0.1 port < source}. */
    private double netcatToFile() throws Exception {
        int port = freePort();
        Process receiver = children.start(List.of(NC, "-l", "127.0.0.1", Integer.toString(port)),
                new File("/dev/null"), peerTarget.toFile());
        awaitListening(port, receiver);
        long start = System.nanoTime();
        Process sender = children.start(List.of(NC, "-N", "127.0.0.1", Integer.toString(port)), source.toFile(), null);
        finish(receiver, sender);
        double seconds = (System.nanoTime() - start) / 1e9;
        checkAndDeleteTarget();
        return seconds;
    }

    /** {@code socat -u FILE:source TCP-LISTEN:port}, read by the same sink as the service's download. */
    private double peerServerToSink() throws Exception {
        int port = freePort();
        Process sender = children.start(List.of(SOCAT, "-u", "FILE:" + source, listen(port)), null, null);
        awaitListening(port, sender);
        long start = System.nanoTime();
        try (SocketChannel channel = SocketChannel.open(new InetSocketAddress("127.0.0.1", port));
                Deadline ignored = Deadline.closing(channel, deadlineSeconds)) {
            FilesProtocolClient.drain(channel, FilesProtocolClient.newSink(), size);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        finish(sender);
        return seconds;
    }

    /**
     * {@code socat -u FILE:source TCP:port} into {@code socat -u TCP-LISTEN:port OPEN:/dev/null}, with
     * socat's default buffer ({@code bufferBytes} null) or {@code -b bufferBytes} on both ends.
     */
    private double peerToDevNull(String bufferBytes) throws Exception {
        List<String> socat = bufferBytes == null ? List.of(SOCAT, "-u") : List.of(SOCAT, "-u", "-b", bufferBytes);
        int port = freePort();
        Process receiver = children.start(concat(socat, listen(port), "OPEN:/dev/null"), null, null);
        awaitListening(port, receiver);
        long start = System.nanoTime();
        Process sender = children.start(concat(socat, "FILE:" + source, "TCP:127.0.0.1:" + port), null, null);
        finish(receiver, sender);
        return (System.nanoTime() - start) / 1e9;
    }

    private static List<String> concat(List<String> command, String... more) {
        List<String> all = new ArrayList<>(command);
        all.addAll(List.of(more));
        return all;
    }

    private static String listen(int port) {
        return "TCP-LISTEN:" + port + ",bind=127.0.0.1,reuseaddr";
    }

    /** Waits for every process to exit within the deadline, successfully; otherwise stops them and throws. */
    private void finish(Process... processes) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(deadlineSeconds);
        for (Process process : processes) {
            long left = deadline - System.nanoTime();
            if (!process.waitFor(Math.max(left, 0), TimeUnit.NANOSECONDS)) {
                children.stopAll();
                throw new IOException("pid " + process.pid() + " (" + process.info().commandLine().orElse("?")
                        + ") did not finish within " + deadlineSeconds + " s");
            }
            children.forget(process);
            if (process.exitValue() != 0) {
                throw new IOException("pid " + process.pid() + " exited with " + process.exitValue());
            }
        }
    }

    private void checkAndDeleteTarget() throws IOException {
        long written = Files.size(peerTarget);
        Files.delete(peerTarget);
        if (written != size) {
            throw new IOException(peerTarget + ": " + written + " bytes written, expected " + size);
        }
    }

    // ---- set-up -----------------------------------------------------------------------------

    /** Writes {@code size} pseudo-random bytes (a fixed seed) to disk and returns their SHA-256 in hex. */
    private static String writeSource(Path source, long size) throws IOException {
        MessageDigest digest = newSha256();
        SplittableRandom random = new SplittableRandom(6);
        ByteBuffer chunk = ByteBuffer.allocate(MIB);
        try (FileChannel out = FileChannel.open(source, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            for (long written = 0; written < size; written += MIB) {
                chunk.clear();
                while (chunk.hasRemaining()) {
                    chunk.putLong(random.nextLong());
                }
                digest.update(chunk.flip().duplicate());
                while (chunk.hasRemaining()) {
                    out.write(chunk);
                }
            }
            out.force(true); // else the kernel writes it back during the first runs, competing with their fsync
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    /** Hashes the (cached) source again, timed: what SHA-256 alone costs here, for the report. */
    private static double hashSeconds(Path source, String expected) throws IOException {
        MessageDigest digest = newSha256();
        ByteBuffer chunk = ByteBuffer.allocateDirect(MIB);
        long start = System.nanoTime();
        try (FileChannel in = FileChannel.open(source, StandardOpenOption.READ)) {
            while (in.read(chunk.clear()) > 0) {
                digest.update(chunk.flip());
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        if (!HexFormat.of().formatHex(digest.digest()).equals(expected)) {
            throw new IOException(source + " changed while being hashed");
        }
        return seconds;
    }

    private static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /**
     * A port the OS just chose on 127.0.0.1: bound, read back and closed. The peer binds it a few
     * milliseconds later; another process could take it in between (the peer then fails to bind).
     */
    private static int freePort() throws IOException {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return probe.getLocalPort();
        }
    }

    /**
     * Waits until 127.0.0.1:{@code port} is in LISTEN state in /proc/net/tcp (a test connection
     * would be the one connection a non-forking socat serves).
     */
    private void awaitListening(int port, Process owner) throws IOException, InterruptedException {
        String local = String.format(Locale.ROOT, "0100007F:%04X", port);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (System.nanoTime() < deadline) {
            try (Stream<String> lines = Files.lines(Path.of("/proc/net/tcp"))) {
                if (lines.map(String::trim).map(line -> line.split("\\s+"))
                        .anyMatch(f -> f.length > 3 && f[1].equals(local) && f[3].equals("0A"))) {
                    return;
                }
            }
            if (!owner.isAlive()) {
                throw new IOException("pid " + owner.pid() + " exited with " + owner.exitValue()
                        + " before listening on 127.0.0.1:" + port);
            }
            Thread.sleep(2);
        }
        children.stopAll();
        throw new IOException("nothing listened on 127.0.0.1:" + port + " within 5 s");
    }

    private static boolean onPath(String tool) {
        String path = System.getenv().getOrDefault("PATH", "");
        for (String dir : path.split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, tool))) {
                return true;
            }
        }
        return false;
    }

    private static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            System.err.println("files throughput: could not delete " + root + ": " + e);
        }
    }

    // ---- the report -------------------------------------------------------------------------

    private static String report(Map<Row, Samples> results, long size, int runs, double hashRate, String load) {
        Map<String, Double> medianRate = new LinkedHashMap<>();
        results.forEach((row, samples) -> medianRate.put(row.label() + "/" + row.direction(),
                size / median(samples.seconds()) / 1e6));
        StringBuilder table = new StringBuilder();
        table.append("| transfer | who, how | what the time covers | MB/s (median) | spread | seconds (median) "
                + "| server CPU s | vs socat |\n");
        table.append("|---|---|---|---:|---:|---:|---:|---:|\n");
        results.forEach((row, samples) -> {
            double seconds = median(samples.seconds());
            double rate = size / seconds / 1e6;
            String ratio = "";
            if (row.baseline() != null) {
                ratio = String.format(Locale.ROOT, "%.2f×", rate / medianRate.get(row.baseline() + "/"
                        + row.direction()));
            }
            String cpu = samples.serverCpu().isEmpty() ? "—"
                    : String.format(Locale.ROOT, "%.2f", median(samples.serverCpu()));
            table.append(String.format(Locale.ROOT, "| %s | %s | %s | %,.0f | %,.0f–%,.0f | %.2f | %s | %s |%n",
                    row.direction(), row.label(), row.timed(), rate, size / max(samples.seconds()) / 1e6,
                    size / min(samples.seconds()) / 1e6, seconds, cpu, ratio));
        });
        return "## File transfer on loopback: the files service beside socat and nc\n\n"
                + "One file of " + size / MIB + " MiB of pseudo-random bytes, moved over 127.0.0.1 one transfer at "
                + "a time; " + runs + " runs, each running every row in turn; medians, with the min–max of MB/s "
                + "(10^6 bytes per second). The source file is in the page cache (written just before), and its "
                + "SHA-256 is computed before any timing. Each files server runs in its own JVM with one event "
                + "loop; its data directory and the peers' target file are on the same disk as the source, under "
                + "/tmp. Uploads store the file: the server hashes it as it arrives, forces it to disk (fsync), "
                + "renames it atomically and forces the directory before it answers OK. Downloads fetch a file "
                + "the same server stored (its hash remembered, so not recomputed) into a discarded 256 KiB "
                + "buffer in the driver's JVM. socat uses its default 8 KiB buffer; nc is netcat-openbsd. "
                + "\"vs socat\": MB/s against the socat row of the same direction (upload: socat into a file; "
                + "download: a socat file server read by the same sink). Server CPU: user + system time of the "
                + "server process during the transfer, from /proc. For scale: SHA-256 alone, in the driver, over the "
                + "cached source with one thread: " + String.format(Locale.ROOT, "%,.0f", hashRate) + " MB/s.\n\n"
                + "Machine: " + machine() + "; " + load + "\n\n"
                + "Command: `bench/run-files.sh" + (size == 1024L * MIB && runs == 3 ? "" : " " + size / MIB + " " + runs)
                + "`\n\n" + table;
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    private static double min(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).min().orElse(0);
    }

    private static double max(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).max().orElse(0);
    }

    /** The first field of /proc/loadavg, or "unknown". */
    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static String machine() {
        String model = "unknown CPU";
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    model = line.substring(line.indexOf(':') + 1).trim();
                    break;
                }
            }
        } catch (IOException ignored) {
            // not Linux
        }
        return Runtime.getRuntime().availableProcessors() + " cores (" + model + "), " + System.getProperty("os.name")
                + " " + System.getProperty("os.version") + ", Java " + Runtime.version();
    }
}
