package io.switchboard.services;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.endpoint.Endpoint;
import io.switchboard.endpoint.InetEndpoint;
import io.switchboard.reactor.Reactor;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The tutorials' own Python clients (ported to Python 3, logic unchanged) against the Java
 * services: what a reader of the tutorials would run.
 */
@Timeout(60)
class ClassicPythonClientsTest {

    private static Reactor reactor;

    @BeforeAll
    static void start() {
        Assumptions.assumeTrue(python() != null, "python3 is not installed");
        reactor = Reactor.builder().loops(2).build();
    }

    @AfterAll
    static void stop() {
        if (reactor != null) {
            reactor.close();
        }
    }

    private static String python() {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(":")) {
            if (Path.of(dir, "python3").toFile().canExecute()) {
                return Path.of(dir, "python3").toString();
            }
        }
        return null;
    }

    private static int port(Service service, String endpoint) throws IOException {
        RunningService running = ServiceRunner.start(reactor, service, List.of(Endpoint.parse(endpoint)));
        return ((InetEndpoint) running.boundEndpoints().get(0)).port();
    }

    private static String run(String script, String stdin, Object... args) throws Exception {
        Path path;
        try {
            path = Path.of(ClassicPythonClientsTest.class.getResource("/classic-clients/" + script).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        List<String> command = new ArrayList<>(List.of(python(), path.toString()));
        for (Object arg : args) {
            command.add(String.valueOf(arg));
        }
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("PYTHONIOENCODING", "utf-8");
        Process process = builder.start();
        process.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
        process.getOutputStream().close();
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).as(script + " finished").isTrue();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.exitValue()).as(script + " exit status; output:\n" + output).isZero();
        return output;
    }

    @Test
    void theTimestampClientGetsTimestampedReplies() throws Exception {
        int port = port(new TimestampService(), "tcp://127.0.0.1:0");
        String output = run("t_client.py", "hi\nhello world\n\n", port);
        assertThat(output).containsPattern(ServicesTest.CTIME.pattern() + "hi")
                .containsPattern(ServicesTest.CTIME.pattern() + "hello world");
    }

    @Test
    void theCallCenterClientWalksTheMenu() throws Exception {
        int port = port(new CallCenterService(), "tcp://127.0.0.1:0");
        String output = run("callcenter_client.py", "0\n123\nexit\n", port);
        assertThat(output).contains("receive: " + CallCenterService.WELCOME)
                .contains("receive: " + CallCenterService.RECORDING)
                .contains("receive: " + CallCenterService.AGAIN);
    }

    @Test
    void theUpperClientsGetUpperCaseOverTcpAndUdp() throws Exception {
        int tcp = port(new UpperService(), "tcp://127.0.0.1:0");
        assertThat(run("upper_tcp_client.py", "", tcp, "hello", "world")).contains("Received: HELLO WORLD");
        int udp = port(new UpperService(), "udp://127.0.0.1:0");
        assertThat(run("upper_udp_client.py", "", udp, "hello", "udp")).contains("Received: HELLO UDP");
    }

    @Test
    void theTutorialsPictureUploadClientStoresItsFile(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        byte[] picture = new byte[150_001];
        new java.util.Random(6).nextBytes(picture);
        picture[0] = (byte) 0xFF;
        picture[1] = (byte) 0xD8;
        picture[2] = (byte) 0xFF;
        Path file = java.nio.file.Files.write(dir.resolve("06.jpg"), picture);
        try (RunningService running = ServiceRunner.start(reactor, new io.switchboard.services.files.FilesService(),
                List.of(Endpoint.parse("tcp://127.0.0.1:0")), io.switchboard.io.ListenOptions.DEFAULTS,
                new ServiceContext(dir.resolve("data")))) {
            int port = ((InetEndpoint) running.boundEndpoints().get(0)).port();
            assertThat(run("upload_client.py", "", port, file)).contains("SWITCHBOARD-FILES 1");
            Path store = dir.resolve("data/files");
            org.awaitility.Awaitility.await("the upload is stored").atMost(java.time.Duration.ofSeconds(10))
                    .until(() -> {
                        try (var entries = java.nio.file.Files.list(store)) {
                            return entries.anyMatch(p -> p.getFileName().toString().matches("upload-\\d{8}-\\d{6}-1\\.jpg"));
                        }
                    });
            try (var entries = java.nio.file.Files.list(store)) {
                Path stored = entries.filter(p -> p.getFileName().toString().endsWith(".jpg")).findFirst().orElseThrow();
                assertThat(java.nio.file.Files.readAllBytes(stored)).isEqualTo(picture);
            }
        }
    }
}
