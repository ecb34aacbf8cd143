package io.switchboard.services.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.endpoint.Endpoint;
import io.switchboard.endpoint.InetEndpoint;
import io.switchboard.io.ListenOptions;
import io.switchboard.reactor.Listener;
import io.switchboard.reactor.Reactor;
import io.switchboard.services.EchoService;
import io.switchboard.services.RunningService;
import io.switchboard.services.ServiceContext;
import io.switchboard.services.ServiceRunner;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The HTTP service over real sockets: raw bytes, curl and Python's http.client as clients. */
@Timeout(60)
class HttpServiceTest {

    @TempDir
    Path dataDir;

    private Reactor reactor;
    private ServiceContext context;
    private int port;
    private int echoPort;
    private Path store;

    @BeforeEach
    void start() throws IOException {
        reactor = Reactor.builder().loops(2).name("http-test").build();
        context = new ServiceContext(dataDir);
        RunningService echo = ServiceRunner.start(reactor, new EchoService(), List.of(Endpoint.parse("tcp://127.0.0.1:0")),
                ListenOptions.DEFAULTS, context);
        echoPort = ((InetEndpoint) echo.boundEndpoints().get(0)).port();
        RunningService http = ServiceRunner.start(reactor, new HttpService(HttpOptions.DEFAULTS.withIdleTimeout(
                Duration.ofSeconds(2))), List.of(Endpoint.parse("tcp://127.0.0.1:0")), ListenOptions.DEFAULTS, context);
        port = ((InetEndpoint) http.boundEndpoints().get(0)).port();
        store = dataDir.resolve("files");
    }

    @AfterEach
    void stop() {
        reactor.close();
    }

    /** A raw connection that reads responses exactly as framed by their Content-Length. */
    final class Raw implements AutoCloseable {
        final Socket socket = new Socket("127.0.0.1", port);
        final DataInputStream in;

        Raw() throws IOException {
            socket.setSoTimeout(10_000);
            in = new DataInputStream(socket.getInputStream());
        }

        void send(String text) throws IOException {
            socket.getOutputStream().write(text.getBytes(StandardCharsets.ISO_8859_1));
        }

        /** The status line and header block of the next response, and its body unless {@code head}. */
        Response read(boolean head) throws IOException {
            List<String> lines = new ArrayList<>();
            for (String line; !(line = line()).isEmpty(); ) {
                lines.add(line);
            }
            Response response = new Response(lines, new byte[0]);
            String length = response.header("Content-Length");
            if (!head && length != null) {
                byte[] body = new byte[Integer.parseInt(length)];
                in.readFully(body);
                return new Response(lines, body);
            }
            return response;
        }

        Response read() throws IOException {
            return read(false);
        }

        String line() throws IOException {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            for (int b; (b = in.read()) != '\n'; ) {
                if (b < 0) {
                    throw new IOException("end of stream after " + bytes);
                }
                if (b != '\r') {
                    bytes.write(b);
                }
            }
            return bytes.toString(StandardCharsets.ISO_8859_1);
        }

        boolean closedByServer() throws IOException {
            return in.read() == -1;
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    record Response(List<String> lines, byte[] body) {
        int status() {
            return Integer.parseInt(lines.getFirst().split(" ")[1]);
        }

        String header(String name) {
            for (String line : lines.subList(1, lines.size())) {
                int colon = line.indexOf(':');
                if (line.substring(0, colon).equalsIgnoreCase(name)) {
                    return line.substring(colon + 1).strip();
                }
            }
            return null;
        }

        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    @Test
    void keepAliveAndPipelinedRequestsAreAnsweredInOrder() throws Exception {
        try (Raw raw = new Raw()) {
            raw.send("GET /plaintext HTTP/1.1\r\nHost: t\r\n\r\nGET /nope HTTP/1.1\r\nHost: t\r\n\r\n"
                    + "HEAD /plaintext HTTP/1.1\r\nHost: t\r\n\r\nGET /metrics HTTP/1.1\r\nHost: t\r\n\r\n");
            Response hello = raw.read();
            assertThat(hello.status()).isEqualTo(200);
            assertThat(hello.text()).isEqualTo("Hello, World!");
            assertThat(hello.header("Date")).matches("\\w{3}, \\d{2} \\w{3} \\d{4} \\d{2}:\\d{2}:\\d{2} GMT");
            assertThat(raw.read().status()).isEqualTo(404);
            Response head = raw.read(true);
            assertThat(head.status()).isEqualTo(200);
            assertThat(head.header("Content-Length")).isEqualTo("13");
            Response metrics = raw.read();
            assertThat(metrics.text()).contains("switchboard_connections_open{service=\"http\"} 1")
                    .contains("# TYPE switchboard_queued_bytes gauge", "switchboard_connections_unwritable{service=\"http\"} 0",
                            "switchboard_connections_timed_out_total{service=\"http\"} 0",
                            "switchboard_connections_overloaded_total{service=\"http\"} 0");
            raw.send("GET /plaintext HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n");
            assertThat(raw.read().header("Connection")).isEqualTo("close");
            assertThat(raw.closedByServer()).isTrue();
        }
    }

    @Test
    void http10ClosesUnlessAskedToKeepAlive() throws Exception {
        try (Raw raw = new Raw()) {
            raw.send("GET /plaintext HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
            Response kept = raw.read();
            assertThat(kept.lines().getFirst()).startsWith("HTTP/1.0 200");
            assertThat(kept.header("Connection")).isEqualTo("keep-alive");
            raw.send("GET /plaintext HTTP/1.0\r\n\r\n");
            assertThat(raw.read().status()).isEqualTo(200);
            assertThat(raw.closedByServer()).isTrue();
        }
    }

    @Test
    void aWrongMethodIs405WithAllow() throws Exception {
        try (Raw raw = new Raw()) {
            raw.send("DELETE /metrics HTTP/1.1\r\nHost: t\r\n\r\n");
            Response response = raw.read();
            assertThat(response.status()).isEqualTo(405);
            assertThat(response.header("Allow")).isEqualTo("GET, HEAD");
        }
    }

    @Test
    void expectContinueIsAnsweredBeforeTheBody() throws Exception {
        try (Raw raw = new Raw()) {
            raw.send("POST /plaintext HTTP/1.1\r\nHost: t\r\nExpect: 100-continue\r\nContent-Length: 3\r\n\r\n");
            assertThat(raw.line()).isEqualTo("HTTP/1.1 100 Continue");
            assertThat(raw.line()).isEmpty();
            raw.send("abc");
            assertThat(raw.read().status()).isEqualTo(405);
            raw.send("POST /plaintext HTTP/1.1\r\nHost: t\r\nExpect: 100-continue\r\nContent-Length: 99999999\r\n\r\n");
            assertThat(raw.read().status()).isEqualTo(413); // refused before the body: no 100
            assertThat(raw.closedByServer()).isTrue();
        }
    }

    @Test
    void limitsAndMalformedRequestsGetTheirStatusAndClose() throws Exception {
        for (String[] request : new String[][] {
            {"GET /" + "a".repeat(9000) + " HTTP/1.1\r\nHost: t\r\n\r\n", "414"},
            {"GET / HTTP/1.1\r\nHost: t\r\nX: " + "b".repeat(17_000) + "\r\n\r\n", "431"},
            {"POST / HTTP/1.1\r\nHost: t\r\nContent-Length: 2000000\r\n\r\n", "413"},
            {"GET / HTTP/1.1\r\nHost : t\r\n\r\n", "400"},
            {"BREW / HTCPCP/1.0\r\n\r\n", "400"},
            {"GET / HTTP/3.0\r\nHost: t\r\n\r\n", "505"},
        }) {
            try (Raw raw = new Raw()) {
                raw.send(request[0]);
                Response response = raw.read();
                assertThat(response.status()).as(request[0].substring(0, 20)).isEqualTo(Integer.parseInt(request[1]));
                assertThat(response.header("Connection")).isEqualTo("close");
                assertThat(raw.closedByServer()).isTrue();
            }
        }
        try (Raw raw = new Raw()) { // the service still answers
            raw.send("GET /plaintext HTTP/1.1\r\nHost: t\r\n\r\n");
            assertThat(raw.read().status()).isEqualTo(200);
        }
    }

    @Test
    void anIdleKeepAliveConnectionIsClosedAndAStalledRequestGets408() throws Exception {
        try (Raw idle = new Raw(); Raw stalled = new Raw()) {
            idle.send("GET /plaintext HTTP/1.1\r\nHost: t\r\n\r\n");
            assertThat(idle.read().status()).isEqualTo(200);
            stalled.send("GET /plaintext HTTP/1.1\r\nHost:");
            assertThat(idle.closedByServer()).isTrue();
            assertThat(stalled.read().status()).isEqualTo(408);
            assertThat(stalled.closedByServer()).isTrue();
        }
    }

    @Test
    void aFailingHandlerIsA500WithoutAStackTrace() throws Exception {
        Listener listener = reactor.listen(Endpoint.parse("tcp://127.0.0.1:0"), remote -> new HttpSession(request -> {
            if (request.path().equals("/later")) {
                return CompletableFuture.failedFuture(new IllegalStateException("secret detail"));
            }
            throw new IllegalStateException("secret detail");
        }, HttpRequestParser.Limits.DEFAULTS, Duration.ofSeconds(5)));
        try (Socket socket = new Socket("127.0.0.1", ((InetEndpoint) listener.endpoint()).port())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write("GET /now HTTP/1.1\r\nHost: t\r\n\r\nGET /later HTTP/1.1\r\nHost: t\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            String both = new String(readAtLeast(socket.getInputStream(), 2, "Internal Server Error\n"), StandardCharsets.UTF_8);
            assertThat(both).contains("HTTP/1.1 500 Internal Server Error").doesNotContain("secret")
                    .doesNotContain("Exception");
        }
    }

    private static byte[] readAtLeast(InputStream in, int times, String marker) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[4096];
        while (out.toString(StandardCharsets.UTF_8).split(java.util.regex.Pattern.quote(marker), -1).length <= times) {
            int n = in.read(buffer);
            if (n < 0) {
                break;
            }
            out.write(buffer, 0, n);
        }
        return out.toByteArray();
    }

    @Test
    void filesAreListedAndServedWithRangesAndValidators() throws Exception {
        byte[] content = new byte[100_000];
        new Random(1).nextBytes(content);
        Files.createDirectories(store);
        Files.write(store.resolve("data <1>.bin"), content);
        try (Raw raw = new Raw()) {
            raw.send("GET /files/ HTTP/1.1\r\nHost: t\r\n\r\n");
            Response listing = raw.read();
            assertThat(listing.header("Content-Type")).startsWith("text/html");
            assertThat(listing.text()).contains("href=\"/files/data%20%3C1%3E.bin\"").contains("data &lt;1&gt;.bin")
                    .doesNotContain("data <1>");
            raw.send("GET /files/data%20%3C1%3E.bin HTTP/1.1\r\nHost: t\r\n\r\n");
            Response whole = raw.read();
            assertThat(whole.status()).isEqualTo(200);
            assertThat(whole.body()).isEqualTo(content);
            assertThat(whole.header("Accept-Ranges")).isEqualTo("bytes");
            assertThat(whole.header("Content-Security-Policy")).isEqualTo("sandbox");
            String etag = whole.header("ETag");
            String lastModified = whole.header("Last-Modified");
            raw.send("GET /files/data%20%3C1%3E.bin HTTP/1.1\r\nHost: t\r\nIf-None-Match: " + etag + "\r\n\r\n");
            Response unchanged = raw.read();
            assertThat(unchanged.status()).isEqualTo(304);
            assertThat(unchanged.body()).isEmpty();
            raw.send("GET /files/data%20%3C1%3E.bin HTTP/1.1\r\nHost: t\r\nIf-Modified-Since: " + lastModified + "\r\n\r\n");
            assertThat(raw.read().status()).isEqualTo(304);
            raw.send("GET /files/data%20%3C1%3E.bin HTTP/1.1\r\nHost: t\r\nRange: bytes=10-19\r\n\r\n");
            Response part = raw.read();
            assertThat(part.status()).isEqualTo(206);
            assertThat(part.header("Content-Range")).isEqualTo("bytes 10-19/100000");
            assertThat(part.body()).isEqualTo(java.util.Arrays.copyOfRange(content, 10, 20));
            raw.send("GET /files/data%20%3C1%3E.bin HTTP/1.1\r\nHost: t\r\nRange: bytes=100000-\r\n\r\n");
            Response beyond = raw.read();
            assertThat(beyond.status()).isEqualTo(416);
            assertThat(beyond.header("Content-Range")).isEqualTo("bytes */100000");
            raw.send("HEAD /files/data%20%3C1%3E.bin HTTP/1.1\r\nHost: t\r\n\r\n");
            Response head = raw.read(true);
            assertThat(head.header("Content-Length")).isEqualTo("100000");
            raw.send("GET /plaintext HTTP/1.1\r\nHost: t\r\n\r\n");
            assertThat(raw.read().text()).isEqualTo("Hello, World!"); // the HEAD sent no body
        }
    }

    @Test
    void noSpellingOfATraversalServesAnythingOutsideTheStore() throws Exception {
        Files.writeString(dataDir.resolve("secret.txt"), "TOP SECRET");
        Files.createDirectories(store);
        Files.createSymbolicLink(store.resolve("link.txt"), dataDir.resolve("secret.txt"));
        Files.writeString(store.resolve(".partial-0-x"), "TOP SECRET partial");
        for (String path : List.of("/files/../secret.txt", "/files/..%2fsecret.txt", "/files/%2e%2e%2fsecret.txt",
                "/files/%2E%2E/secret.txt", "/files/..%5csecret.txt", "/files//etc/passwd", "/files/%2Fetc%2Fpasswd",
                "/files/%2e%2e", "/files/..", "/files/link.txt", "/files/.partial-0-x", "/files/%00", "/files/a%00b",
                "/files/%c0%ae%c0%ae%2fsecret.txt", "/files/%252e%252e%252fsecret.txt", "/files/bad%zz",
                "/files/..;/secret.txt", "/files/./secret.txt")) {
            try (Raw raw = new Raw()) {
                raw.send("GET " + path + " HTTP/1.1\r\nHost: t\r\n\r\n");
                Response response = raw.read();
                assertThat(response.status()).as(path).isIn(400, 404);
                assertThat(response.text()).as(path).doesNotContain("SECRET");
            }
        }
    }

    private static String command(String... command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.exitValue()).as(String.join(" ", command) + "\n" + output).isZero();
        return output;
    }

    private static boolean installed(String program) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(":")) {
            if (Path.of(dir, program).toFile().canExecute()) {
                return true;
            }
        }
        return false;
    }

    @Test
    void curlDownloadsAFileWithARangeAndResumes() throws Exception {
        Assumptions.assumeTrue(installed("curl"), "curl is not installed");
        byte[] content = new byte[3_000_000];
        new Random(2).nextBytes(content);
        Files.createDirectories(store);
        Files.write(store.resolve("big.bin"), content);
        Path part = dataDir.resolve("part.bin");
        command("curl", "-sS", "--fail", "-r", "1000-1999", "-o", part.toString(), "http://127.0.0.1:" + port + "/files/big.bin");
        assertThat(Files.readAllBytes(part)).isEqualTo(java.util.Arrays.copyOfRange(content, 1000, 2000));
        Path copy = dataDir.resolve("copy.bin");
        Files.write(copy, java.util.Arrays.copyOf(content, 1_234_567));
        command("curl", "-sS", "--fail", "-C", "-", "-o", copy.toString(), "http://127.0.0.1:" + port + "/files/big.bin");
        assertThat(Files.readAllBytes(copy)).isEqualTo(content);
        String headers = command("curl", "-sS", "-I", "http://127.0.0.1:" + port + "/files/big.bin");
        assertThat(headers).contains("HTTP/1.1 200").contains("Content-Length: 3000000").contains("ETag: \"");
        assertThat(command("curl", "-sS", "-o", "/dev/null", "-w", "%{http_code}", "--path-as-is",
                "http://127.0.0.1:" + port + "/files/../../etc/passwd")).isEqualTo("404");
    }

    @Test
    void pythonsHttpClientKeepsOneConnectionForSeveralRequests() throws Exception {
        Assumptions.assumeTrue(installed("python3"), "python3 is not installed");
        Files.createDirectories(store);
        Files.writeString(store.resolve("hello.txt"), "hello from the store\n");
        String script = String.join("\n",
                "import http.client, sys",
                "c = http.client.HTTPConnection('127.0.0.1', int(sys.argv[1]), timeout=10)",
                "for path in ['/plaintext', '/files/hello.txt', '/metrics']:",
                "    c.request('GET', path)",
                "    r = c.getresponse()",
                "    body = r.read()",
                "    print(r.status, path, len(body), r.getheader('Content-Type'))",
                "c.request('HEAD', '/files/hello.txt')",
                "r = c.getresponse(); r.read()",
                "print(r.status, 'HEAD', r.getheader('Content-Length'))",
                "c.request('GET', '/files/hello.txt', headers={'Range': 'bytes=-6'})",
                "r = c.getresponse()",
                "print(r.status, 'range', r.read().decode().strip())",
                "print('sock', c.sock is not None)",
                "");
        Path file = dataDir.resolve("client.py");
        Files.writeString(file, script);
        String output = command("python3", file.toString(), String.valueOf(port));
        assertThat(output).contains("200 /plaintext 13 text/plain").contains("200 /files/hello.txt 21 text/plain; charset=utf-8")
                .contains("200 /metrics").contains("200 HEAD 21").contains("206 range store").contains("sock True");
    }

    @Test
    void theStatusFeedAndMetricsSeeEchoTraffic() throws Exception {
        try (Socket echo = new Socket("127.0.0.1", echoPort)) {
            echo.setSoTimeout(10_000);
            echo.getOutputStream().write("ping\n".getBytes(StandardCharsets.US_ASCII));
            assertThat(echo.getInputStream().readNBytes(5)).isEqualTo("ping\n".getBytes(StandardCharsets.US_ASCII));
            try (Raw raw = new Raw()) {
                raw.send("GET /metrics HTTP/1.1\r\nHost: t\r\n\r\n");
                assertThat(raw.read().text()).contains("switchboard_connections_open{service=\"echo\"} 1")
                        .contains("switchboard_received_bytes_total{service=\"echo\"} 5")
                        .contains("# TYPE switchboard_sent_bytes_total counter").contains("jvm_memory_heap_used_bytes ");
                raw.send("GET /status.json HTTP/1.1\r\nHost: t\r\n\r\n");
                Response status = raw.read();
                assertThat(status.header("Content-Type")).isEqualTo("application/json");
                assertThat(status.text()).contains("\"name\":\"echo\"").contains("\"name\":\"http\"");
                raw.send("GET /events HTTP/1.1\r\nHost: t\r\n\r\n");
                Response events = raw.read(true);
                assertThat(events.header("Content-Type")).isEqualTo("text/event-stream");
                assertThat(raw.line()).isEqualTo("retry: 2000");
                assertThat(raw.line()).isEmpty();
                assertThat(raw.line()).startsWith("data: {\"sample\":").contains("\"echo\":[1,1,0,5,5,1,0]");
            }
        }
    }

    @Test
    void aGracefulStopEndsOpenEventStreamsWithoutWaitingForTheBrowser() throws Exception {
        try (Raw raw = new Raw()) {
            raw.send("GET /events HTTP/1.1\r\nHost: t\r\n\r\n");
            raw.read(true);
            assertThat(raw.line()).isEqualTo("retry: 2000");
            // serve's grace, shorter than the 2 s a graceful close would linger for the browser's end
            assertThat(reactor.shutdown(Duration.ofMillis(1500))).as("every connection closed within the grace").isTrue();
        }
    }

    @Test
    void thePagesAndAssetsAreServedByTheServiceItself() throws Exception {
        try (Raw raw = new Raw()) {
            raw.send("GET / HTTP/1.1\r\nHost: t\r\n\r\n");
            Response page = raw.read();
            assertThat(page.header("Content-Type")).isEqualTo("text/html; charset=utf-8");
            assertThat(page.text()).doesNotContain("http://").doesNotContain("https://");
            raw.send("GET /assets/status.js HTTP/1.1\r\nHost: t\r\n\r\n");
            Response script = raw.read();
            assertThat(script.header("Content-Type")).startsWith("text/javascript");
            raw.send("GET /assets/status.js HTTP/1.1\r\nHost: t\r\nIf-None-Match: " + script.header("ETag") + "\r\n\r\n");
            assertThat(raw.read().status()).isEqualTo(304);
            raw.send("GET /assets/nothing.js HTTP/1.1\r\nHost: t\r\n\r\n");
            assertThat(raw.read().status()).isEqualTo(404);
            raw.send("GET /files HTTP/1.1\r\nHost: t\r\n\r\n");
            Response redirect = raw.read();
            assertThat(redirect.status()).isEqualTo(301);
            assertThat(redirect.header("Location")).isEqualTo("/files/");
        }
    }
}
