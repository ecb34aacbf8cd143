package io.switchboard.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.cli.FakeFilesServer.CloseDownloadAt;
import io.switchboard.cli.FakeFilesServer.Greet;
import io.switchboard.cli.FakeFilesServer.ReplyWith;
import io.switchboard.endpoint.Endpoint;
import io.switchboard.services.files.FilesClient;
import io.switchboard.services.files.FilesClientConnectException;
import io.switchboard.services.files.FilesClientConnectionLostException;
import io.switchboard.services.files.FilesClientOptions;
import io.switchboard.services.files.FilesClientProtocolException;
import io.switchboard.services.files.FilesReplyException;
import io.switchboard.services.files.RemoteFileStat;
import io.switchboard.services.files.TransferListener;
import io.switchboard.services.files.TransferResult;
import java.io.IOException;
import java.io.StringWriter;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@link FilesClient} itself against {@link FakeFilesServer}: the cases the commands do not reach. */
@Timeout(60)
class FilesClientTest {

    @TempDir
    Path directory;

    private FakeFilesServer server;

    @BeforeEach
    void startServer() throws IOException {
        server = FakeFilesServer.tcp();
    }

    @AfterEach
    void stopServer() throws IOException {
        server.close();
    }

    private static byte[] randomBytes(int size, long seed) {
        byte[] content = new byte[size];
        new Random(seed).nextBytes(content);
        return content;
    }

    @Test
    void aResumedDownloadOfAChangedFileStartsAgainFromZero() throws IOException {
        byte[] first = randomBytes(200_000, 1);
        byte[] second = randomBytes(180_000, 2);
        server.store("doc.bin", first);
        server.inject(new CloseDownloadAt(50_000));
        Path target = directory.resolve("doc.bin");
        try (FilesClient client = FilesClient.connect(Endpoint.parse(server.endpoint()))) {
            assertThatThrownBy(() -> client.get("doc.bin", target, TransferListener.NONE))
                    .isInstanceOf(FilesClientConnectionLostException.class)
                    .hasMessageContaining("closed by the server while receiving doc.bin.part (at byte 50000 of 200000)");
            assertThat(client.isConnected()).isFalse();
            server.store("doc.bin", second);

            List<Long> starts = new ArrayList<>();
            TransferResult result = client.get("doc.bin", target, new TransferListener() {
                @Override
                public void transferStarted(String name, long size, long offset) {
                    starts.add(offset);
                }
            });
            assertThat(target).hasBinaryContent(second);
            assertThat(result.offset()).isZero();
            assertThat(starts).containsExactly(0L);
            assertThat(server.requests()).containsSubsequence("GET 0 doc.bin", "GET 50000 doc.bin", "GET 0 doc.bin");
        }
    }

    @Test
    void aStalePartialFromAnotherVersionIsReplacedNotKept() throws IOException {
        byte[] content = randomBytes(10_000, 3);
        server.store("doc.bin", content);
        Path target = directory.resolve("doc.bin");
        Files.write(FilesTestSupport.partial(target), randomBytes(4_000, 4)); // not a prefix of content
        try (FilesClient client = FilesClient.connect(Endpoint.parse(server.endpoint()))) {
            client.get("doc.bin", target, TransferListener.NONE);
        }
        assertThat(target).hasBinaryContent(content);
        assertThat(server.requests()).containsExactly("GET 4000 doc.bin", "GET 0 doc.bin");
    }

    @Test
    void aPartialLongerThanTheFileIsDiscarded() throws IOException {
        byte[] content = randomBytes(1_000, 5);
        server.store("doc.bin", content);
        Path target = directory.resolve("doc.bin");
        Files.write(FilesTestSupport.partial(target), randomBytes(4_000, 6));
        try (FilesClient client = FilesClient.connect(Endpoint.parse(server.endpoint()))) {
            client.get("doc.bin", target, TransferListener.NONE);
        }
        assertThat(target).hasBinaryContent(content);
        assertThat(server.requests()).containsExactly("GET 4000 doc.bin", "GET 0 doc.bin");
    }

    @Test
    void progressRunsFromTheOffsetToTheSize() throws IOException {
        byte[] content = randomBytes(1_000_000, 7);
        Path file = Files.write(directory.resolve("p.bin"), content);
        AtomicLong last = new AtomicLong(-1);
        List<String> started = new ArrayList<>();
        try (FilesClient client = FilesClient.connect(Endpoint.parse(server.endpoint()))) {
            client.put(file, "p.bin", new TransferListener() {
                @Override
                public void transferStarted(String name, long size, long offset) {
                    started.add(name + " " + size + " " + offset);
                }

                @Override
                public void bytesTransferred(long position) {
                    assertThat(position).isGreaterThan(last.get());
                    last.set(position);
                }
            });
        }
        assertThat(started).containsExactly("p.bin 1000000 0");
        assertThat(last.get()).isEqualTo(1_000_000);
    }

    @Test
    void statListAndQuit() throws IOException {
        server.store("a b.txt", "hello".getBytes());
        try (FilesClient client = FilesClient.connect(Endpoint.parse(server.endpoint()))) {
            RemoteFileStat stat = client.stat("a b.txt");
            assertThat(stat.name()).isEqualTo("a b.txt");
            assertThat(stat.size()).isEqualTo(5);
            assertThat(stat.sha256()).isEqualTo(FakeFilesServer.sha256("hello".getBytes()));
            assertThat(stat.modified().toEpochMilli()).isEqualTo(1_764_547_200_000L);
            assertThat(client.list()).singleElement().satisfies(entry -> assertThat(entry.name()).isEqualTo("a b.txt"));
            assertThatThrownBy(() -> client.stat("none")).isInstanceOfSatisfying(FilesReplyException.class,
                    e -> assertThat(e.code()).isEqualTo(FilesReplyException.NOT_FOUND));
            assertThat(client.isConnected()).as("an ERR leaves the connection usable").isTrue();
            client.quit();
            assertThat(client.isConnected()).isFalse();
        }
        assertThat(server.requests()).containsExactly("STAT a b.txt", "LIST", "STAT none", "QUIT");
    }

    @Test
    void malformedRepliesAreProtocolErrors() throws IOException {
        server.inject(new ReplyWith("READY -5"));
        Path file = Files.write(directory.resolve("x"), new byte[10]);
        try (FilesClient client = FilesClient.connect(Endpoint.parse(server.endpoint()))) {
            assertThatThrownBy(() -> client.put(file, "x", TransferListener.NONE))
                    .isInstanceOf(FilesClientProtocolException.class)
                    .hasMessageContaining("'READY -5' (offset '-5' is not a byte count)");
            server.inject(new ReplyWith("READY 11"));
            assertThatThrownBy(() -> client.put(file, "x", TransferListener.NONE))
                    .isInstanceOf(FilesClientProtocolException.class).hasMessageContaining("beyond the size 10");
        }
    }

    @Test
    void aServerThatNeverGreetsTimesOut() {
        server.inject(new Greet(null));
        FilesClientOptions quick = FilesClientOptions.DEFAULTS.withIdleTimeout(Duration.ofMillis(300));
        assertThatThrownBy(() -> FilesClient.connect(Endpoint.parse(server.endpoint()), quick))
                .isInstanceOf(FilesClientConnectException.class)
                .hasMessageContaining("no greeting").hasMessageContaining("idle for 300 ms");
    }

    @Test
    void namesWithLineBreaksAreRefusedBeforeAnythingIsSent() throws IOException {
        try (FilesClient client = FilesClient.connect(Endpoint.parse(server.endpoint()))) {
            assertThatThrownBy(() -> client.stat("a\nLIST")).isInstanceOf(IllegalArgumentException.class);
        }
        assertThat(server.requests()).isEmpty();
    }

    @Test
    void plainProgressPrintsATenthAtMostEveryTwoSeconds() {
        StringWriter lines = new StringWriter();
        AtomicLong now = new AtomicLong();
        PlainProgress progress = new PlainProgress("get big", "from tcp://h:1 into big", new PrintWriter(lines, true),
                now::get);
        progress.transferStarted("big", 1000, 100);
        now.set(1_000_000_000L);
        progress.bytesTransferred(300); // 30%, but only 1 s after the start line
        now.set(2_500_000_000L);
        progress.bytesTransferred(350); // 2.5 s: a line
        now.set(3_000_000_000L);
        progress.bytesTransferred(900); // 0.5 s after the last line: none
        now.set(5_000_000_000L);
        progress.bytesTransferred(1000); // the end: the command prints the result instead
        assertThat(lines.toString().lines()).containsExactly(
                "get big: 1000 bytes from tcp://h:1 into big, resuming at byte 100",
                "big: 35% (350 of 1000 bytes, 100 B/s, about 7 s left)");
    }
}
