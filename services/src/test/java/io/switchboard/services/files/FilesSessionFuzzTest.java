package io.switchboard.services.files;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.switchboard.reactor.CloseReason;
import io.switchboard.reactor.EventLoop;
import io.switchboard.reactor.Timer;
import io.switchboard.testing.TimerDouble;
import io.switchboard.testing.TransportDouble;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;

/**
 * Coverage-guided fuzzing of a whole files-protocol conversation (docs/security.md, "Fuzzing"):
 * the input's bytes, cut into reads it chooses, arrive at a {@link FilesSession} backed by a
 * {@link FileStorage} in a fresh temporary directory. The transport is a test double that records
 * what the session writes and runs its event-loop and disk tasks in order on the test thread.
 * Checked for every input:
 *
 * <ul>
 *   <li>the session never throws;
 *   <li>it answers with the greeting, then only protocol lines: {@code READY}, {@code OK},
 *       {@code FILE} (followed by exactly its bytes), {@code STAT}, {@code LIST} (followed by its
 *       count of entries), {@code BYE} or {@code ERR <code>} with a code of the protocol — or, for
 *       the classic upload, {@code ko};
 *   <li>nothing is created outside the store directory, and inside it only plain files whose
 *       names pass the name rules, or the store's own hidden partial files.
 * </ul>
 */
class FilesSessionFuzzTest {

    private static final List<String> REPLY_WORDS = List.of("READY ", "OK ", "FILE ", "STAT ", "LIST ", "BYE");
    private static Path workspace;

    @AfterAll
    static void removeWorkspace() throws IOException {
        if (workspace != null) {
            deleteTree(workspace);
        }
    }

    @FuzzTest
    void conversation(FuzzedDataProvider data) throws IOException {
        int maxRequestBytes = data.consumeInt(64, 300);
        int[] reads = new int[data.consumeInt(0, 8)];
        for (int i = 0; i < reads.length; i++) {
            reads[i] = data.consumeInt(1, 200);
        }
        byte[] stream = data.consumeRemainingAsBytes();

        if (workspace == null) {
            workspace = Files.createTempDirectory("files-session-fuzz");
        }
        Path input = Files.createDirectory(workspace.resolve("input"));
        try {
            Path store = input.resolve("store");
            Files.writeString(store.resolveSibling("outside.txt"), "not to be touched");
            var options = new FilesOptions(1 << 20, 0, maxRequestBytes, Duration.ofMillis(50));
            FileStorage storage = new FileStorage(store, options);
            var transport = new RecordingTransport();
            var session = new FilesSession(storage, transport.eventLoop());

            session.connectionMade(transport);
            int from = 0;
            int read = 0;
            while (from < stream.length && transport.isOpen()) {
                transport.runQueuedTasks();
                if (transport.paused()) {
                    break; // waits for something this test does not provide (a classic upload's quiet timer)
                }
                int size = read < reads.length ? Math.min(reads[read], stream.length - from) : stream.length - from;
                session.dataReceived(ByteBuffer.wrap(stream, from, size).slice().asReadOnlyBuffer());
                from += size;
                read++;
            }
            transport.runQueuedTasks();
            session.connectionLost(new CloseReason.Clean());
            transport.runQueuedTasks();

            assertRepliesFollowTheProtocol(transport.written());
            assertNothingOutsideTheStore(input, store.toRealPath());
        } finally {
            deleteTree(input);
        }
    }

    private static void assertRepliesFollowTheProtocol(byte[] written) {
        ByteBuffer out = ByteBuffer.wrap(written);
        assertThat(line(out)).isEqualTo(FilesSession.GREETING.strip());
        if (out.remaining() >= 2 && out.get(out.position()) == 'k' && out.get(out.position() + 1) == 'o') {
            out.position(out.position() + 2); // the classic upload's go-ahead, no newline
        }
        while (out.hasRemaining()) {
            String line = line(out);
            if (line.startsWith("ERR ")) {
                String code = line.substring(4).split(" ", 2)[0];
                assertThat(FilesRefusal.Code.ofWord(code)).as("error code in '%s'", line).isNotNull();
                continue;
            }
            assertThat(REPLY_WORDS.stream().anyMatch(word -> line.startsWith(word) || line.equals(word.strip())))
                    .as("reply line '%s'", line).isTrue();
            String[] fields = line.split(" ");
            if (line.startsWith("FILE ")) {
                long count = Long.parseLong(fields[1]) - Long.parseLong(fields[3]);
                assertThat((long) out.remaining()).as("bytes after '%s'", line).isGreaterThanOrEqualTo(count);
                out.position(out.position() + (int) count);
            } else if (line.startsWith("LIST ")) {
                for (int i = Integer.parseInt(fields[1]); i > 0; i--) {
                    assertThat(line(out)).matches("\\d+ \\d+ .+");
                }
            }
        }
    }

    /** The next LF-ended line; a missing LF fails. */
    private static String line(ByteBuffer out) {
        int start = out.position();
        while (out.hasRemaining()) {
            if (out.get() == '\n') {
                return new String(out.array(), start, out.position() - 1 - start, StandardCharsets.UTF_8);
            }
        }
        throw new AssertionError("reply without its LF: '"
                + new String(out.array(), start, out.position() - start, StandardCharsets.UTF_8) + "'");
    }

    private static void assertNothingOutsideTheStore(Path input, Path store) throws IOException {
        try (Stream<Path> around = Files.list(input)) {
            assertThat(around.map(p -> p.getFileName().toString()).sorted().toList())
                    .containsExactly("outside.txt", "store");
        }
        assertThat(Files.readString(input.resolve("outside.txt"))).isEqualTo("not to be touched");
        try (Stream<Path> inside = Files.list(store)) {
            for (Path file : inside.toList()) {
                String name = file.getFileName().toString();
                assertThat(Files.isRegularFile(file, java.nio.file.LinkOption.NOFOLLOW_LINKS))
                        .as("'%s' is a plain file", name).isTrue();
                assertThat(name.startsWith(".partial-") || FileNames.problem(name) == null)
                        .as("stored name '%s'", name).isTrue();
            }
        }
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> all = Files.walk(root)) {
            for (Path path : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }

    /**
     * A connection that records what is written and tracks pause and resume (the shared
     * {@link TransportDouble}), with a loop that queues event-loop and disk tasks to run in order on
     * the test thread. Timers never fire.
     */
    private static final class RecordingTransport extends TransportDouble {

        private final ArrayDeque<Runnable> tasks;

        RecordingTransport() {
            this(new ArrayDeque<>());
        }

        private RecordingTransport(ArrayDeque<Runnable> tasks) {
            super(queueing(tasks), 1, new InetSocketAddress("127.0.0.1", 9998), new InetSocketAddress("127.0.0.1", 40000));
            this.tasks = tasks;
        }

        private static EventLoop queueing(ArrayDeque<Runnable> tasks) {
            return new EventLoop() {
                @Override
                public String name() {
                    return "fuzz-loop";
                }

                @Override
                public boolean inEventLoop() {
                    return true;
                }

                @Override
                public void execute(Runnable task) {
                    tasks.add(task);
                }

                @Override
                public Timer schedule(Duration delay, Runnable task) {
                    return new TimerDouble();
                }

                @Override
                public Timer every(Duration period, Runnable task) {
                    return new TimerDouble();
                }
            };
        }

        void runQueuedTasks() {
            for (Runnable task = tasks.poll(); task != null; task = tasks.poll()) {
                task.run();
            }
        }
    }
}
