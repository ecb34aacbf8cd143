package io.switchboard.services.files;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The files service over a bare socket: the protocol of docs/protocols/files.md, byte by byte. */
@Timeout(120)
class FilesServiceTest {

    @TempDir
    Path dataDir;

    static byte[] content(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    /** PUT until the server no longer reports the name busy (a cut connection is noticed a moment later). */
    static String startPutWhenFree(RawFilesClient client, byte[] content, String name) throws IOException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (true) {
            String reply = client.startPut(content, name);
            if (!reply.startsWith("ERR busy") || System.nanoTime() > deadline) {
                return reply;
            }
            Thread.onSpinWait();
        }
    }

    @ParameterizedTest
    @EnumSource(FilesServer.Mode.class)
    void roundTripsEmptyTinyOddAndLargerFilesUnderEveryModel(FilesServer.Mode mode) throws Exception {
        try (FilesServer server = new FilesServer(mode, dataDir); RawFilesClient client = server.connect()) {
            for (int size : new int[] {0, 1, 100_003, 5 * 1024 * 1024 + 1}) {
                byte[] content = content(size, size);
                String name = "file-" + size + ".bin";
                assertThat(client.put(content, name)).isEqualTo("OK " + size + " " + RawFilesClient.sha256(content) + " " + name);
                assertThat(Files.readAllBytes(server.store().resolve(name))).isEqualTo(content);
                assertThat(client.get(name, 0)).isEqualTo(content);
                if (size > 10) {
                    assertThat(client.get(name, 10)).isEqualTo(Arrays.copyOfRange(content, 10, size));
                }
            }
            client.send("STAT file-1.bin");
            assertThat(client.line()).matches("STAT 1 \\d+ " + RawFilesClient.sha256(content(1, 1)) + " file-1.bin");
            client.send("LIST");
            assertThat(client.line()).isEqualTo("LIST 4");
            assertThat(List.of(client.line(), client.line(), client.line(), client.line()))
                    .extracting(line -> line.substring(line.lastIndexOf(' ') + 1))
                    .containsExactly("file-0.bin", "file-1.bin", "file-100003.bin", "file-5242881.bin");
            client.send("QUIT");
            assertThat(client.line()).isEqualTo("BYE");
            assertThat(client.in.read()).isEqualTo(-1);
        }
        try (var entries = Files.list(dataDir.resolve("files"))) {
            assertThat(entries.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith(".partial-"));
        }
    }

    @Test
    void a256MiBFileMakesTheRoundTripIntact() throws Exception {
        byte[] content = content(256 * 1024 * 1024, 256);
        try (FilesServer server = new FilesServer(FilesServer.Mode.REACTOR_EPOLL, dataDir);
                RawFilesClient client = server.connect()) {
            assertThat(client.put(content, "big.bin")).startsWith("OK 268435456 ");
            assertThat(Arrays.equals(client.get("big.bin", 0), content)).isTrue();
        }
    }

    @Test
    void pipelinedRequestsAreAnsweredInOrder() throws Exception {
        byte[] content = content(300_000, 3);
        try (FilesServer server = new FilesServer(FilesServer.Mode.REACTOR_NIO, dataDir);
                RawFilesClient client = server.connect()) {
            assertThat(client.put(content, "p.bin")).startsWith("OK ");
            client.out.write("GET 0 p.bin\nSTAT p.bin\nGET 299990 p.bin\nLIST\n".getBytes(StandardCharsets.UTF_8));
            assertThat(client.line()).startsWith("FILE 300000 ");
            byte[] body = new byte[300_000];
            client.in.readFully(body);
            assertThat(body).isEqualTo(content);
            assertThat(client.line()).startsWith("STAT 300000 ");
            assertThat(client.line()).isEqualTo("FILE 300000 " + RawFilesClient.sha256(content) + " 299990");
            assertThat(client.in.readNBytes(10)).isEqualTo(Arrays.copyOfRange(content, 299_990, 300_000));
            assertThat(client.line()).isEqualTo("LIST 1");
        }
    }

    @ParameterizedTest
    @EnumSource(value = FilesServer.Mode.class, names = {"REACTOR_EPOLL", "VIRTUAL"})
    void fiftyUploadsCutAtRandomOffsetsResumeAndNoFinalFileIsEverWrong(FilesServer.Mode mode) throws Exception {
        byte[] content = content(2 * 1024 * 1024 + 17, 50);
        String sha = RawFilesClient.sha256(content);
        Random random = new Random(5050);
        try (FilesServer server = new FilesServer(mode, dataDir)) {
            Path stored = server.store().resolve("photo.jpg");
            for (int round = 0; round < 50; round++) {
                String name = "photo.jpg";
                int cut = random.nextInt(content.length);
                try (RawFilesClient client = server.connect()) {
                    String ready = startPutWhenFree(client, content, name);
                    assertThat(ready).startsWith("READY ");
                    int offset = Integer.parseInt(ready.substring(6));
                    if (cut > offset) {
                        client.out.write(content, offset, cut - offset);
                    }
                    if (random.nextBoolean()) {
                        client.abort(); // killed: a reset, unread bytes dropped
                    }
                }
                assertThat(!Files.exists(stored) || Arrays.equals(Files.readAllBytes(stored), content))
                        .as("round %d: the final name holds nothing or the whole file", round).isTrue();
                try (RawFilesClient client = server.connect()) {
                    String ready = startPutWhenFree(client, content, name);
                    assertThat(ready).startsWith("READY ");
                    int offset = Integer.parseInt(ready.substring(6));
                    assertThat(offset).isBetween(0, content.length);
                    client.out.write(content, offset, content.length - offset);
                    assertThat(client.line()).isEqualTo("OK " + content.length + " " + sha + " " + name);
                }
                assertThat(Files.readAllBytes(stored)).isEqualTo(content);
                Files.delete(stored); // the next round starts from nothing again
            }
        }
    }

    @Test
    void aResumedUploadSendsOnlyTheRest() throws Exception {
        byte[] content = content(1_000_000, 9);
        try (FilesServer server = new FilesServer(FilesServer.Mode.REACTOR_NIO, dataDir)) {
            try (RawFilesClient client = server.connect()) {
                assertThat(client.startPut(content, "r.bin")).isEqualTo("READY 0");
                client.out.write(content, 0, 400_000);
                client.out.flush();
                client.socket.shutdownOutput(); // a clean cut: every byte sent arrives
                assertThat(client.in.read()).isEqualTo(-1);
            }
            try (RawFilesClient client = server.connect()) {
                assertThat(startPutWhenFree(client, content, "r.bin")).isEqualTo("READY 400000");
                client.out.write(content, 400_000, 600_000);
                assertThat(client.line()).startsWith("OK 1000000 ");
            }
            assertThat(Files.readAllBytes(server.store().resolve("r.bin"))).isEqualTo(content);
        }
    }

    @Test
    void bytesThatDoNotMatchTheAnnouncedHashAreNotStored() throws Exception {
        byte[] content = content(10_000, 1);
        byte[] other = content(10_000, 2);
        try (FilesServer server = new FilesServer(FilesServer.Mode.REACTOR_NIO, dataDir);
                RawFilesClient client = server.connect()) {
            client.send("PUT 10000 " + RawFilesClient.sha256(content) + " h.bin");
            assertThat(client.line()).isEqualTo("READY 0");
            client.out.write(other);
            assertThat(client.line()).startsWith("ERR hash-mismatch ");
            assertThat(client.in.read()).isEqualTo(-1);
            assertThat(server.store().resolve("h.bin")).doesNotExist();
            try (var entries = Files.list(server.store())) {
                assertThat(entries).isEmpty();
            }
        }
    }

    @Test
    void badNamesAreRefusedAndTheConnectionStaysUsable() throws Exception {
        byte[] content = content(5, 5);
        List<String> names = List.of("../escape", "a/b", "a\\b", "..", ".", ".hidden", "nul\u0000byte",
                "bell\u0007", "c1\u0085", "trailing.", "trailing ", "CON", "con.txt", "Lpt1.log", "x".repeat(201));
        try (FilesServer server = new FilesServer(FilesServer.Mode.REACTOR_EPOLL, dataDir);
                RawFilesClient client = server.connect()) {
            for (String name : names) {
                assertThat(client.startPut(content, name)).as(name).startsWith("ERR bad-name ");
                client.send("GET 0 " + name);
                assertThat(client.line()).as(name).startsWith("ERR bad-name ");
            }
            client.send("GET 0 %2e%2e");
            assertThat(client.line()).startsWith("ERR not-found ");
            assertThat(client.put(content, "fine name with spaces ü.txt")).startsWith("OK 5 ");
            assertThat(server.store().resolve("fine name with spaces ü.txt")).exists();
            try (var entries = Files.list(dataDir)) {
                assertThat(entries.map(p -> p.getFileName().toString())).containsExactly("files");
            }
        }
    }

    @Test
    void malformedRequestsGetClearErrors() throws Exception {
        try (FilesServer server = new FilesServer(FilesServer.Mode.REACTOR_NIO, dataDir, FilesOptions.DEFAULTS);
                RawFilesClient client = server.connect()) {
            for (String request : List.of("HELLO", "PUT", "PUT 5", "PUT -5 " + "a".repeat(64) + " x",
                    "PUT 5 nothex x", "PUT 99999999999999999999 " + "a".repeat(64) + " x", "GET x y", "GET 0",
                    "LIST please", "get 0 x")) {
                client.send(request);
                assertThat(client.line()).as(request).startsWith("ERR bad-request ");
            }
            client.send("GET 0 missing");
            assertThat(client.line()).startsWith("ERR not-found ");
            client.send("STAT missing");
            assertThat(client.line()).startsWith("ERR not-found ");
            client.send("GET 1 " + "x");
            assertThat(client.line()).startsWith("ERR not-found ");
            assertThat(client.put(new byte[3], "three")).startsWith("OK 3 ");
            client.send("GET 4 three");
            assertThat(client.line()).startsWith("ERR bad-request offset 4 is beyond the end");
            client.send("X".repeat(5000));
            assertThat(client.line()).startsWith("ERR bad-request request line over 4096 bytes");
            assertThat(client.in.read()).isEqualTo(-1);
        }
    }

    @Test
    void tooLargeAndNoSpaceAreRefusedBeforeAnyByteIsSent() throws Exception {
        byte[] content = content(2000, 7);
        FilesOptions small = FilesOptions.DEFAULTS.withMaxFileBytes(1000);
        try (FilesServer server = new FilesServer(FilesServer.Mode.REACTOR_NIO, dataDir, small);
                RawFilesClient client = server.connect()) {
            assertThat(client.startPut(content, "big")).startsWith("ERR too-large 2000 bytes is over");
            assertThat(client.put(new byte[1000], "fits")).startsWith("OK 1000 ");
        }
        FilesOptions full = FilesOptions.DEFAULTS.withReserveBytes(Long.MAX_VALUE / 2);
        try (FilesServer server = new FilesServer(FilesServer.Mode.REACTOR_NIO, dataDir.resolve("other"), full);
                RawFilesClient client = server.connect()) {
            assertThat(client.startPut(content, "big")).startsWith("ERR no-space 2000 bytes do not fit");
            try (var entries = Files.list(server.store())) {
                assertThat(entries).isEmpty();
            }
        }
    }

    @Test
    void aSecondWriterOfOneNameIsBusyUntilTheFirstEnds() throws Exception {
        byte[] first = content(100_000, 1);
        byte[] second = content(50_000, 2);
        try (FilesServer server = new FilesServer(FilesServer.Mode.REACTOR_EPOLL, dataDir);
                RawFilesClient a = server.connect(); RawFilesClient b = server.connect()) {
            assertThat(a.startPut(first, "same.txt")).isEqualTo("READY 0");
            assertThat(b.startPut(second, "same.txt")).startsWith("ERR busy ");
            assertThat(b.startPut(first, "same.txt")).startsWith("ERR busy ");
            a.out.write(first);
            assertThat(a.line()).startsWith("OK 100000 ");
            assertThat(b.put(second, "same.txt")).startsWith("OK 50000 ");
            assertThat(Files.readAllBytes(server.store().resolve("same.txt"))).isEqualTo(second);
        }
    }

    @Test
    void aDownloadKeepsTheVersionItOpenedWhenTheNameIsReplaced() throws Exception {
        byte[] old = content(8 * 1024 * 1024, 1);
        byte[] fresh = content(1000, 2);
        try (FilesServer server = new FilesServer(FilesServer.Mode.REACTOR_NIO, dataDir);
                RawFilesClient reader = server.connect(); RawFilesClient writer = server.connect()) {
            assertThat(writer.put(old, "v.bin")).startsWith("OK ");
            reader.send("GET 0 v.bin");
            assertThat(reader.line()).isEqualTo("FILE " + old.length + " " + RawFilesClient.sha256(old) + " 0");
            byte[] start = reader.in.readNBytes(1000); // the download is under way
            assertThat(writer.put(fresh, "v.bin")).startsWith("OK 1000 ");
            byte[] rest = reader.in.readNBytes(old.length - 1000);
            byte[] whole = new byte[old.length];
            System.arraycopy(start, 0, whole, 0, 1000);
            System.arraycopy(rest, 0, whole, 1000, rest.length);
            assertThat(Arrays.equals(whole, old)).isTrue();
            assertThat(reader.get("v.bin", 0)).isEqualTo(fresh);
        }
    }

    @ParameterizedTest
    @EnumSource(value = FilesServer.Mode.class, names = {"REACTOR_NIO", "REACTOR_EPOLL_ET", "THREADS"})
    void theClassicUploadIsStoredUnderAGeneratedNameWithItsKind(FilesServer.Mode mode) throws Exception {
        byte[] jpeg = content(70_001, 11);
        jpeg[0] = (byte) 0xFF;
        jpeg[1] = (byte) 0xD8;
        jpeg[2] = (byte) 0xFF;
        try (FilesServer server = new FilesServer(mode, dataDir);
                RawFilesClient client = new RawFilesClient(server.port(), false)) {
            // the tutorial's client: recv(1024) the greeting, send the size with no newline, recv the reply
            byte[] greeting = new byte[1024];
            int n = client.in.read(greeting);
            assertThat(new String(greeting, 0, n, StandardCharsets.UTF_8)).isEqualTo("SWITCHBOARD-FILES 1\n");
            client.out.write("70001".getBytes(StandardCharsets.US_ASCII));
            assertThat(client.in.readNBytes(2)).isEqualTo("ko".getBytes(StandardCharsets.US_ASCII));
            client.out.write(jpeg);
            String ok = client.line();
            assertThat(ok).matches("OK 70001 " + RawFilesClient.sha256(jpeg) + " upload-\\d{8}-\\d{6}-1\\.jpg");
            Path stored = server.store().resolve(ok.substring(ok.lastIndexOf(' ') + 1));
            assertThat(Files.readAllBytes(stored)).isEqualTo(jpeg);
        }
    }

    @Test
    void aClassicSizeEndedByANewlineIsAnsweredAtOnceAndACutClassicUploadLeavesNothing() throws Exception {
        try (FilesServer server = new FilesServer(FilesServer.Mode.REACTOR_NIO, dataDir)) {
            try (RawFilesClient client = new RawFilesClient(server.port())) {
                client.out.write("5\n".getBytes(StandardCharsets.US_ASCII));
                assertThat(client.in.readNBytes(2)).isEqualTo("ko".getBytes(StandardCharsets.US_ASCII));
                client.out.write("hello".getBytes(StandardCharsets.US_ASCII));
                assertThat(client.line()).matches("OK 5 \\S+ upload-\\d{8}-\\d{6}-1\\.bin");
            }
            try (RawFilesClient client = new RawFilesClient(server.port())) {
                client.out.write("1000".getBytes(StandardCharsets.US_ASCII));
                assertThat(client.in.readNBytes(2)).isEqualTo("ko".getBytes(StandardCharsets.US_ASCII));
                client.out.write(new byte[10]);
            }
            Awaitility.await("the cut classic upload's partial is deleted").atMost(Duration.ofSeconds(10))
                    .until(() -> {
                        try (var entries = Files.list(server.store())) {
                            return entries.noneMatch(p -> p.getFileName().toString().startsWith(".partial-"));
                        }
                    });
            try (var entries = Files.list(server.store())) {
                assertThat(entries).hasSize(1);
            }
            try (RawFilesClient client = new RawFilesClient(server.port())) {
                client.out.write("12x".getBytes(StandardCharsets.US_ASCII));
                assertThat(client.line()).startsWith("ERR bad-request a classic upload starts with its size");
                assertThat(client.in.read()).isEqualTo(-1);
            }
        }
    }

    @Test
    void symbolicLinksAndDirectoriesInTheStoreAreNotServed() throws Exception {
        Path secret = Files.writeString(dataDir.resolve("secret.txt"), "outside the store");
        try (FilesServer server = new FilesServer(FilesServer.Mode.REACTOR_NIO, dataDir);
                RawFilesClient client = server.connect()) {
            Files.createSymbolicLink(server.store().resolve("link.txt"), secret);
            Files.createDirectory(server.store().resolve("dir"));
            client.send("GET 0 link.txt");
            assertThat(client.line()).startsWith("ERR not-found ");
            client.send("GET 0 dir");
            assertThat(client.line()).startsWith("ERR not-found ");
            client.send("LIST");
            assertThat(client.line()).isEqualTo("LIST 0");
        }
    }
}
