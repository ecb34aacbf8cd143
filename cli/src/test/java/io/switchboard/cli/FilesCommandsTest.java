package io.switchboard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.cli.FakeFilesServer.AnnounceWrongHash;
import io.switchboard.cli.FakeFilesServer.CloseDownloadAt;
import io.switchboard.cli.FakeFilesServer.CloseUploadAt;
import io.switchboard.cli.FakeFilesServer.Greet;
import io.switchboard.cli.FakeFilesServer.Refuse;
import io.switchboard.cli.FakeFilesServer.ReplyWith;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/**
 * {@code put}, {@code get} and {@code ls} against {@link FakeFilesServer}: round trips, resuming,
 * retrying, refusals and their exit statuses, plain-mode output.
 */
@Timeout(60)
class FilesCommandsTest {

    @TempDir
    Path directory;

    private FakeFilesServer server;

    private record Result(int status, String out, String err) {
    }

    @BeforeEach
    void startServer() throws IOException {
        server = FakeFilesServer.tcp();
    }

    @AfterEach
    void stopServer() throws IOException {
        server.close();
    }

    private static Result run(String... args) {
        CommandLine commandLine = Main.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        int status = commandLine.execute(args);
        return new Result(status, out.toString(), err.toString());
    }

    private Path file(String name, int size) throws IOException {
        byte[] content = new byte[size];
        new Random(size).nextBytes(content);
        return Files.write(directory.resolve(name), content);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 1_000_003})
    void putThenGetGivesTheSameBytes(int size) throws IOException {
        Path original = file("data-" + size + ".bin", size);
        byte[] content = Files.readAllBytes(original);
        String sha256 = FakeFilesServer.sha256(content);

        Result put = run("put", "--plain", original.toString(), server.endpoint());
        assertThat(put.status()).as(put.err()).isZero();
        assertThat(server.file(original.getFileName().toString())).isEqualTo(content);
        assertThat(put.out()).contains("stored data-" + size + ".bin " + size + " bytes sha256 " + sha256 + " in ");

        Path copy = directory.resolve("copy.bin");
        Result get = run("get", "--plain", "data-" + size + ".bin", "-o", copy.toString(), server.endpoint());
        assertThat(get.status()).as(get.err()).isZero();
        assertThat(copy).hasBinaryContent(content);
        assertThat(FilesTestSupport.partial(copy)).doesNotExist();
        assertThat(get.out()).contains("saved data-" + size + ".bin " + size + " bytes sha256 " + sha256)
                .contains(" to " + copy);
    }

    @Test
    void plainModePrintsAStartLineAndAResultLine() throws IOException {
        Path original = file("hello.txt", 5);
        Result put = run("put", original.toString(), "--name", "greeting.txt", server.endpoint());
        assertThat(put.status()).as(put.err()).isZero();
        assertThat(put.out().lines()).hasSize(2);
        assertThat(put.out().lines().findFirst().orElseThrow())
                .isEqualTo("put " + original + " as greeting.txt: 5 bytes to " + server.endpoint());
        assertThat(put.out().lines().skip(1).findFirst().orElseThrow())
                .matches("stored greeting\\.txt 5 bytes sha256 [0-9a-f]{64} in [0-9.]+ s \\([0-9.]+ [kMG]?B/s\\)");
    }

    @Test
    void putSendsOnlyWhatFollowsTheReadyOffset() throws IOException {
        Path original = file("big.bin", 300_001);
        byte[] content = Files.readAllBytes(original);
        server.keepPartial("big.bin", FakeFilesServer.sha256(content), Arrays.copyOf(content, 100_000));

        Result put = run("put", original.toString(), server.endpoint());
        assertThat(put.status()).as(put.err()).isZero();
        assertThat(server.uploadedBytes()).containsExactly(200_001L);
        assertThat(server.file("big.bin")).isEqualTo(content);
        assertThat(put.out()).contains("resuming at byte 100000").contains(", resumed at byte 100000");
    }

    @Test
    void aDroppedUploadIsResumedOnANewConnection() throws IOException {
        Path original = file("big.bin", 500_000);
        byte[] content = Files.readAllBytes(original);
        server.inject(new CloseUploadAt(123_456));

        Result put = run("put", original.toString(), server.endpoint());
        assertThat(put.status()).as(put.err()).isZero();
        assertThat(put.err()).contains("put: connection to " + server.endpoint()).contains("retrying in 200 ms (retry 1 of 3)");
        assertThat(server.uploadedBytes()).containsExactly(123_456L, 500_000L - 123_456L);
        assertThat(server.file("big.bin")).isEqualTo(content);
    }

    @Test
    void retriesRunOutWithStatus1() throws IOException {
        Path original = file("big.bin", 500_000);
        server.inject(new CloseUploadAt(1_000), new CloseUploadAt(2_000));

        Result put = run("put", "--retry", "1", original.toString(), server.endpoint());
        assertThat(put.status()).isEqualTo(1);
        assertThat(put.err()).contains("retry 1 of 1").contains("failed: gave up after 1 retry: connection to ");
        assertThat(server.file("big.bin")).isNull();
    }

    @Test
    void getResumesFromThePartialFile() throws IOException {
        byte[] content = Files.readAllBytes(file("movie.bin", 250_000));
        server.store("movie.bin", content);
        Path target = directory.resolve("movie-copy.bin");
        Files.write(FilesTestSupport.partial(target), Arrays.copyOf(content, 70_000));

        Result get = run("get", "movie.bin", "-o", target.toString(), server.endpoint());
        assertThat(get.status()).as(get.err()).isZero();
        assertThat(server.requests()).contains("GET 70000 movie.bin");
        assertThat(target).hasBinaryContent(content);
        assertThat(FilesTestSupport.partial(target)).doesNotExist();
        assertThat(get.out()).contains("resuming at byte 70000");
    }

    @Test
    void aDroppedDownloadIsResumedOnANewConnection() throws IOException {
        byte[] content = Files.readAllBytes(file("movie.bin", 250_000));
        server.store("movie.bin", content);
        server.inject(new CloseDownloadAt(99_999));
        Path target = directory.resolve("movie.bin");

        Result get = run("get", "movie.bin", "--output", directory.toString(), server.endpoint());
        assertThat(get.status()).as(get.err()).isZero();
        assertThat(server.requests()).containsSubsequence("GET 0 movie.bin", "GET 99999 movie.bin");
        assertThat(get.err()).contains("retrying in 200 ms (retry 1 of 3)");
        assertThat(target).hasBinaryContent(content);
    }

    @Test
    void aHashMismatchFailsWithStatus1AndLeavesNoFile() throws IOException {
        server.store("a.txt", "some content".getBytes());
        server.inject(new AnnounceWrongHash());
        Path target = directory.resolve("a.txt");

        Result get = run("get", "a.txt", "-o", target.toString(), server.endpoint());
        assertThat(get.status()).isEqualTo(1);
        assertThat(get.err()).contains("get a.txt from " + server.endpoint() + " failed: ")
                .contains("the server announced " + "0".repeat(64));
        assertThat(target).doesNotExist();
        assertThat(FilesTestSupport.partial(target)).doesNotExist();
    }

    @Test
    void refusalsAreExplainedByTheirCodeWithStatus1() throws IOException {
        Path original = file("a.txt", 10);
        server.inject(new Refuse("PUT", "busy", "an upload of a.txt is in progress"));
        Result busy = run("put", original.toString(), server.endpoint());
        assertThat(busy.status()).isEqualTo(1);
        assertThat(busy.err()).contains("busy: another upload of 'a.txt' is in progress on the server; try again")
                .contains("(server: an upload of a.txt is in progress)");
        assertThat(server.requests()).hasSize(2); // one PUT, not retried; then QUIT

        Result missing = run("get", "nothing.txt", "-o", directory.resolve("x").toString(), server.endpoint());
        assertThat(missing.status()).isEqualTo(1);
        assertThat(missing.err()).contains("not-found: no file named 'nothing.txt' on the server");

        server.inject(new Refuse("PUT", "bad-name", "names may not start with a dot"));
        Result badName = run("put", original.toString(), "--name", ".hidden", server.endpoint());
        assertThat(badName.status()).isEqualTo(1);
        assertThat(badName.err()).contains("bad-name: the server refuses the name '.hidden'");
    }

    @Test
    void oneFailedFileDoesNotStopTheOthers() throws IOException {
        Path first = file("one.txt", 3);
        Path second = file("two.txt", 4);
        server.inject(new Refuse("PUT", "too-large", "over 16 GiB"));
        Result put = run("put", first.toString(), second.toString(), server.endpoint());
        assertThat(put.status()).isEqualTo(1);
        assertThat(put.err()).contains("put " + first + " as one.txt").contains("too-large");
        assertThat(server.file("two.txt")).hasSize(4);
    }

    @Test
    void lsPrintsSizeModifiedAndName() {
        server.store("b file.txt", new byte[1234567]);
        server.store("a.txt", new byte[5]);
        Result ls = run("ls", server.endpoint());
        assertThat(ls.status()).as(ls.err()).isZero();
        assertThat(ls.out().lines()).hasSize(3);
        assertThat(ls.out().lines().toList().get(0)).matches("\\s+SIZE  MODIFIED\\s+NAME");
        assertThat(ls.out().lines().toList().get(1)).matches("\\s+5  \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d  a\\.txt");
        assertThat(ls.out().lines().toList().get(2)).matches("1234567  \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d  b file\\.txt");
    }

    @Test
    void aRefusedConnectionIsStatus3AndNamesTheEndpoint() throws IOException {
        int closed;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = probe.getLocalPort();
        }
        Result ls = run("ls", "127.0.0.1:" + closed);
        assertThat(ls.status()).isEqualTo(3);
        assertThat(ls.err()).contains("ls: cannot connect to tcp://127.0.0.1:" + closed + ": ").containsIgnoringCase("refused");
        Result get = run("get", "x", "-o", directory.resolve("x").toString(), "127.0.0.1:" + closed);
        assertThat(get.status()).isEqualTo(3);
    }

    @Test
    void somethingElseThanAFilesServerIsStatus3() {
        server.inject(new Greet("SSH-2.0-OpenSSH_9.6"));
        Result ls = run("ls", server.endpoint());
        assertThat(ls.status()).isEqualTo(3);
        assertThat(ls.err()).contains(server.endpoint() + " is not a files server: it greeted with 'SSH-2.0-OpenSSH_9.6'");
    }

    @Test
    void aSilentServerTimesOut() throws IOException {
        Path original = file("a.txt", 10);
        server.inject(new ReplyWith("READY 0")); // then the fake reads the bytes as a request line: no OK ever
        Result put = run("put", "--timeout", "1", "--retry", "0", original.toString(), server.endpoint());
        assertThat(put.status()).isEqualTo(1);
        assertThat(put.err()).contains("idle for 1000 ms").contains("timed out");
    }

    @Test
    void anOverlongReplyLineIsAProtocolError() throws IOException {
        server.inject(new ReplyWith("LIST 1\n" + "x".repeat(10_000)));
        Result ls = run("ls", server.endpoint());
        assertThat(ls.status()).isEqualTo(1);
        assertThat(ls.err()).contains("sent a line longer than 8192 bytes");
    }

    @Test
    void worksOverAUnixSocket(@TempDir Path sockets) throws IOException {
        try (FakeFilesServer unixServer = FakeFilesServer.unix(sockets.resolve("files.sock"))) {
            Path original = file("u.bin", 77_777);
            Result put = run("put", original.toString(), unixServer.endpoint());
            assertThat(put.status()).as(put.err()).isZero();
            Path copy = directory.resolve("u-copy.bin");
            Result get = run("get", "u.bin", "-o", copy.toString(), unixServer.endpoint());
            assertThat(get.status()).as(get.err()).isZero();
            assertThat(copy).hasSameBinaryContentAs(original);
        }
    }

    @Test
    void badArgumentsAreStatus2() throws IOException {
        Path one = file("one.txt", 1);
        Path two = file("two.txt", 1);
        for (String[] args : new String[][] {
            {"put", directory.resolve("missing.txt").toString()},
            {"put", directory.toString()},
            {"put", "--name", "x", one.toString(), two.toString()},
            {"put", "--retry", "-1", one.toString()},
            {"put", one.toString(), "udp://127.0.0.1:9998"},
            {"get"},
            {"get", "a/b"},
            {"get", "x", "nonsense://here"},
            {"get", "x", "--timeout", "0"},
            {"ls", "unix"},
            {"ls", "--bogus"}}) {
            Result result = run(args);
            assertThat(result.status()).as(String.join(" ", args) + ": " + result.err()).isEqualTo(2);
            assertThat(result.err()).as(String.join(" ", args)).isNotBlank();
        }
        assertThat(server.requests()).isEmpty();
    }

    @Test
    void helpListsTheExitStatuses() {
        for (String command : new String[] {"put", "get", "ls"}) {
            Result help = run(command, "--help");
            assertThat(help.status()).isZero();
            assertThat(help.out()).contains("Exit status:").contains("3   Cannot connect");
        }
    }
}
