package io.switchboard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import java.io.InputStreamReader;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Timeout;

/**
 * {@code serve} as a user runs it: a separate JVM that prints its table, serves, and on SIGTERM
 * stops within 2 s with exit status 0.
 */
@Timeout(60)
class ServeProcessTest {

    private static final Pattern ENDPOINT = Pattern.compile("(tcp|udp)://127\\.0\\.0\\.1:(\\d+)");

    @ParameterizedTest
    @ValueSource(strings = {"reactor", "virtual", "threads", "iterative", "prefork"})
    void servesPrintsItsTableAndStopsCleanlyOnSigterm(String model, @TempDir Path dir) throws Exception {
        java.io.File errors = dir.resolve("stderr.txt").toFile();
        String java = ProcessHandle.current().info().command().orElseThrow();
        Process process = new ProcessBuilder(java, "--enable-native-access=ALL-UNNAMED", "-cp",
                System.getProperty("java.class.path"), "io.switchboard.cli.Main", "serve", "--model", model,
                "--poller", "epoll", "--listen", "echo=tcp://127.0.0.1:0", "--listen", "upper=udp://127.0.0.1:0",
                "--data-dir", dir.resolve("data").toString())
                .redirectError(errors).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            List<String> table = new ArrayList<>();
            String line;
            while ((line = out.readLine()) != null && !line.contains("Ctrl-C")) {
                table.add(line);
            }
            assertThat(table.get(0)).contains("model " + model);
            if (model.equals("reactor")) {
                assertThat(table.get(0)).contains("poller epoll");
            }
            int tcp = port(table, "echo", "tcp");
            int udp = port(table, "upper", "udp");
            try (Socket socket = new Socket("127.0.0.1", tcp)) {
                socket.setSoTimeout(10_000);
                socket.getOutputStream().write("round trip".getBytes(StandardCharsets.UTF_8));
                assertThat(new String(socket.getInputStream().readNBytes(10), StandardCharsets.UTF_8)).isEqualTo("round trip");
            }
            try (DatagramSocket socket = new DatagramSocket()) {
                socket.setSoTimeout(10_000);
                byte[] hello = "hello".getBytes(StandardCharsets.UTF_8);
                socket.send(new DatagramPacket(hello, hello.length, new InetSocketAddress("127.0.0.1", udp)));
                DatagramPacket reply = new DatagramPacket(new byte[100], 100);
                socket.receive(reply);
                assertThat(new String(reply.getData(), 0, reply.getLength(), StandardCharsets.UTF_8)).isEqualTo("HELLO");
            }
            long start = System.nanoTime();
            process.destroy(); // SIGTERM
            assertThat(process.waitFor(3, TimeUnit.SECONDS)).as("stopped within 3 s").isTrue();
            if (model.equals("prefork")) {
                assertThat(ProcessHandle.current().descendants().filter(ProcessHandle::isAlive).count())
                        .as("no worker left behind").isZero();
            }
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(2_000);
            assertThat(process.exitValue()).isZero();
            assertThat(Files.readString(errors.toPath())).contains("stopping");
        } finally {
            process.destroyForcibly();
        }
    }

    private static int port(List<String> table, String service, String scheme) {
        for (String row : table) {
            if (row.trim().startsWith(service + " ")) {
                Matcher matcher = ENDPOINT.matcher(row);
                while (matcher.find()) {
                    if (matcher.group(1).equals(scheme)) {
                        return Integer.parseInt(matcher.group(2));
                    }
                }
            }
        }
        throw new AssertionError("no " + scheme + " endpoint for " + service + " in " + table);
    }
}
