package io.switchboard.services.files;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The server process SIGKILLed mid-upload and started again: nothing wrong under a final name, and the upload resumes. */
@Timeout(120)
class FilesServerKilledTest {

    @TempDir
    Path dataDir;

    private Process start() throws Exception {
        String java = ProcessHandle.current().info().command().orElseThrow();
        return new ProcessBuilder(java, "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                FilesServerProcess.class.getName(), dataDir.toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
    }

    private static int port(Process process) throws Exception {
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        String line = out.readLine();
        assertThat(line).as("the server's first line").startsWith("PORT ");
        return Integer.parseInt(line.substring(5));
    }

    @Test
    void aServerKilledMidUploadLeavesNoWrongFileAndTheUploadResumesAfterARestart() throws Exception {
        byte[] content = FilesServiceTest.content(32 * 1024 * 1024 + 5, 99);
        Path store = dataDir.resolve("files");
        Process first = start();
        try {
            int port = port(first);
            try (RawFilesClient client = new RawFilesClient(port)) {
                assertThat(client.startPut(content, "movie.mkv")).isEqualTo("READY 0");
                client.out.write(content, 0, 20 * 1024 * 1024);
                client.out.flush();
                Awaitility.await("some of the upload is on disk").atMost(Duration.ofSeconds(20)).until(() -> {
                    try (var entries = Files.list(store)) {
                        return entries.anyMatch(p -> p.getFileName().toString().startsWith(".partial-")
                                && p.toFile().length() > 1024 * 1024);
                    }
                });
                first.destroyForcibly(); // SIGKILL, mid-upload
                assertThat(first.waitFor(20, TimeUnit.SECONDS)).isTrue();
            }
        } finally {
            first.destroyForcibly();
        }
        assertThat(store.resolve("movie.mkv")).doesNotExist();
        Process second = start();
        try {
            int port = port(second);
            try (RawFilesClient client = new RawFilesClient(port)) {
                String ready = client.startPut(content, "movie.mkv");
                assertThat(ready).startsWith("READY ");
                int offset = Integer.parseInt(ready.substring(6));
                assertThat(offset).isBetween(1024 * 1024, 20 * 1024 * 1024);
                client.out.write(content, offset, content.length - offset);
                assertThat(client.line()).isEqualTo("OK " + content.length + " " + RawFilesClient.sha256(content)
                        + " movie.mkv");
                assertThat(client.get("movie.mkv", 0)).isEqualTo(content);
            }
        } finally {
            second.destroyForcibly();
            second.waitFor(20, TimeUnit.SECONDS);
        }
        assertThat(Files.readAllBytes(store.resolve("movie.mkv"))).isEqualTo(content);
    }
}
