package io.switchboard.services.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.endpoint.Endpoint;
import io.switchboard.endpoint.InetEndpoint;
import io.switchboard.server.Dispatch;
import io.switchboard.server.ServerConfig;
import io.switchboard.services.RunningService;
import io.switchboard.services.ServiceContext;
import io.switchboard.services.ServiceRunner;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The same HTTP service under the socketserver models: the protocol runs unchanged on a blocking connection. */
@Timeout(60)
class HttpUnderBlockingModelsTest {

    @TempDir
    Path dataDir;

    static Stream<Arguments> models() {
        return Stream.of(Arguments.of(Dispatch.threads(8)), Arguments.of(Dispatch.virtual()));
    }

    private static String line(DataInputStream in) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (int b; (b = in.read()) != '\n'; ) {
            if (b < 0) {
                throw new IOException("end of stream");
            }
            if (b != '\r') {
                bytes.write(b);
            }
        }
        return bytes.toString(StandardCharsets.ISO_8859_1);
    }

    /** Skips a response's header block and returns its Content-Length. */
    private static int header(DataInputStream in, String expectedStatusLine) throws IOException {
        assertThat(line(in)).isEqualTo(expectedStatusLine);
        int length = -1;
        for (String line; !(line = line(in)).isEmpty(); ) {
            if (line.regionMatches(true, 0, "Content-Length:", 0, 15)) {
                length = Integer.parseInt(line.substring(15).strip());
            }
        }
        return length;
    }

    @ParameterizedTest
    @MethodSource("models")
    void pipelinedRequestsAndAFileDownloadWork(Dispatch dispatch) throws Exception {
        byte[] content = new byte[700_001];
        new Random(3).nextBytes(content);
        Files.createDirectories(dataDir.resolve("files"));
        Files.write(dataDir.resolve("files/f.bin"), content);
        try (RunningService http = ServiceRunner.startBlocking(new HttpService(), List.of(Endpoint.parse("tcp://127.0.0.1:0")),
                ServerConfig.DEFAULTS.withDispatch(dispatch), new ServiceContext(dataDir));
                Socket socket = new Socket("127.0.0.1", ((InetEndpoint) http.boundEndpoints().get(0)).port())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(("GET /plaintext HTTP/1.1\r\nHost: t\r\n\r\nGET /files/f.bin HTTP/1.1\r\nHost: t\r\n\r\n"
                    + "GET /files/f.bin HTTP/1.1\r\nHost: t\r\nRange: bytes=-5\r\n\r\n"
                    + "GET /plaintext HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            DataInputStream in = new DataInputStream(socket.getInputStream());
            assertThat(new String(in.readNBytes(header(in, "HTTP/1.1 200 OK")), StandardCharsets.US_ASCII)).isEqualTo("Hello, World!");
            byte[] body = new byte[header(in, "HTTP/1.1 200 OK")];
            in.readFully(body);
            assertThat(body).isEqualTo(content);
            assertThat(in.readNBytes(header(in, "HTTP/1.1 206 Partial Content")))
                    .isEqualTo(java.util.Arrays.copyOfRange(content, content.length - 5, content.length));
            assertThat(in.readNBytes(header(in, "HTTP/1.1 200 OK"))).hasSize(13);
            assertThat(in.read()).isEqualTo(-1);
        }
    }
}
