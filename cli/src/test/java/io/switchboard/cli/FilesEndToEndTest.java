package io.switchboard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.endpoint.Endpoint;
import io.switchboard.io.ListenOptions;
import io.switchboard.reactor.Reactor;
import io.switchboard.services.RunningService;
import io.switchboard.services.ServiceContext;
import io.switchboard.services.ServiceRunner;
import io.switchboard.services.files.FilesService;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code put}, {@code ls} and {@code get} against the real files service on a reactor, port 0. */
@Timeout(60)
class FilesEndToEndTest {

    @TempDir
    Path directory;

    private record Result(int status, String out, String err) {
    }

    private static Result run(String... args) {
        CommandLine commandLine = Main.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        return new Result(commandLine.execute(args), out.toString(), err.toString());
    }

    @Test
    void putListGetRoundTripsThroughTheRealServer() throws IOException {
        Path dataDir = Files.createDirectories(directory.resolve("data"));
        byte[] big = new byte[3_000_017];
        new Random(42).nextBytes(big);
        Path bigFile = Files.write(directory.resolve("big photo.jpg"), big);
        Path emptyFile = Files.write(directory.resolve("empty.txt"), new byte[0]);
        try (Reactor reactor = Reactor.builder().loops(1).build()) {
            RunningService service = ServiceRunner.start(reactor, new FilesService(),
                    List.of(Endpoint.parse("tcp://127.0.0.1:0")), ListenOptions.DEFAULTS, new ServiceContext(dataDir));
            String endpoint = service.boundEndpoints().get(0).toString();

            Result put = run("put", bigFile.toString(), emptyFile.toString(), endpoint);
            assertThat(put.status()).as(put.err()).isZero();
            assertThat(put.out()).contains("stored big photo.jpg 3000017 bytes sha256 ").contains("stored empty.txt 0 bytes");
            assertThat(dataDir.resolve("files").resolve("big photo.jpg")).hasBinaryContent(big);

            Result ls = run("ls", endpoint);
            assertThat(ls.status()).as(ls.err()).isZero();
            assertThat(ls.out().lines().skip(1).toList()).hasSize(2)
                    .anySatisfy(line -> assertThat(line).matches("\\s*3000017  \\S+ \\S+  big photo\\.jpg"))
                    .anySatisfy(line -> assertThat(line).matches("\\s*0  \\S+ \\S+  empty\\.txt"));

            Path copy = directory.resolve("copy.jpg");
            Result get = run("get", "big photo.jpg", "-o", copy.toString(), endpoint);
            assertThat(get.status()).as(get.err()).isZero();
            assertThat(copy).hasBinaryContent(big);

            Files.write(FilesTestSupport.partial(directory.resolve("resumed.jpg")), java.util.Arrays.copyOf(big, 1_000_000));
            Result resumed = run("get", "big photo.jpg", "-o", directory.resolve("resumed.jpg").toString(), endpoint);
            assertThat(resumed.status()).as(resumed.err()).isZero();
            assertThat(resumed.out()).contains("resumed at byte 1000000");
            assertThat(directory.resolve("resumed.jpg")).hasBinaryContent(big);

            Result missing = run("get", "nothing.txt", "-o", directory.resolve("n").toString(), endpoint);
            assertThat(missing.status()).isEqualTo(1);
            assertThat(missing.err()).contains("not-found: no file named 'nothing.txt'");

            Result badName = run("put", bigFile.toString(), "--name", ".hidden", endpoint);
            assertThat(badName.status()).isEqualTo(1);
            assertThat(badName.err()).contains("bad-name: the server refuses the name '.hidden'");
        }
    }
}
