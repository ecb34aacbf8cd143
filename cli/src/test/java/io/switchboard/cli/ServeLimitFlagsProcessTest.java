package io.switchboard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The services' limit flags reach the running services: one {@code serve} process with chat,
 * files and http on ephemeral ports and tight limits, each limit met over a socket.
 */
@Timeout(60)
class ServeLimitFlagsProcessTest {

    private static final Pattern ENDPOINT = Pattern.compile("tcp://127\\.0\\.0\\.1:(\\d+)");

    @Test
    void eachServiceMeetsTheLimitItsFlagSet(@TempDir Path dir) throws Exception {
        String java = ProcessHandle.current().info().command().orElseThrow();
        Process process = new ProcessBuilder(java, "--enable-native-access=ALL-UNNAMED", "-cp",
                System.getProperty("java.class.path"), "io.switchboard.cli.Main", "serve",
                "--listen", "chat=tcp://127.0.0.1:0", "--listen", "files=tcp://127.0.0.1:0",
                "--listen", "http=tcp://127.0.0.1:0", "--data-dir", dir.resolve("data").toString(),
                "--chat-rate", "1", "--chat-burst", "2", "--files-max-size", "1KiB", "--http-max-target", "64")
                .redirectError(dir.resolve("stderr.txt").toFile()).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            List<String> table = new ArrayList<>();
            String row;
            while ((row = out.readLine()) != null && !row.contains("Ctrl-C")) {
                table.add(row);
            }

            try (Socket chat = connect(port(table, "chat"))) {
                BufferedReader in = reader(chat);
                assertThat(in.readLine()).startsWith("* Welcome");
                send(chat, "one\ntwo\nthree\n"); // a burst of 2: the third waits
                assertThat(firstStartingWith(in, "* slow down")).isEqualTo(
                        "* slow down: you are sending more than 1 line a second (bursts of 2); your lines are delayed, "
                                + "not lost");
            }

            try (Socket files = connect(port(table, "files"))) {
                BufferedReader in = reader(files);
                assertThat(in.readLine()).isEqualTo("SWITCHBOARD-FILES 1");
                send(files, "PUT 1025 " + "0".repeat(64) + " big.bin\n");
                assertThat(in.readLine()).startsWith("ERR too-large");
            }

            try (Socket http = connect(port(table, "http"))) {
                send(http, "GET /" + "x".repeat(100) + " HTTP/1.1\r\nHost: localhost\r\n\r\n");
                assertThat(reader(http).readLine()).startsWith("HTTP/1.1 414");
            }
            try (Socket http = connect(port(table, "http"))) {
                send(http, "GET /" + "x".repeat(50) + " HTTP/1.1\r\nHost: localhost\r\n\r\n");
                assertThat(reader(http).readLine()).startsWith("HTTP/1.1 404"); // under the limit: routed
            }
            process.destroy();
            assertThat(process.waitFor(10, TimeUnit.SECONDS)).isTrue();
        } finally {
            process.destroyForcibly();
        }
    }

    private static Socket connect(int port) throws Exception {
        Socket socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout(20_000);
        return socket;
    }

    private static BufferedReader reader(Socket socket) throws Exception {
        return new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
    }

    private static void send(Socket socket, String text) throws Exception {
        OutputStream out = socket.getOutputStream();
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private static String firstStartingWith(BufferedReader in, String prefix) throws Exception {
        String line;
        while ((line = in.readLine()) != null) {
            if (line.startsWith(prefix)) {
                return line;
            }
        }
        throw new AssertionError("no line starting with '" + prefix + "'");
    }

    private static int port(List<String> table, String service) {
        for (String row : table) {
            if (row.trim().startsWith(service + " ")) {
                Matcher matcher = ENDPOINT.matcher(row);
                if (matcher.find()) {
                    return Integer.parseInt(matcher.group(1));
                }
            }
        }
        throw new AssertionError("no endpoint for " + service + " in " + table);
    }
}
