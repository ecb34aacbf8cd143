package io.switchboard.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.endpoint.Endpoint;
import io.switchboard.endpoint.InetEndpoint;
import io.switchboard.reactor.EchoProtocol;
import io.switchboard.reactor.Protocol;
import io.switchboard.reactor.Transport;
import io.switchboard.tls.SelfSignedCertificate;
import io.switchboard.tls.TlsConfig;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code tls://} under the blocking models: an {@code SSLSocket} layered over each accepted
 * connection, against a JDK client that verifies the development certificate and its host name,
 * and against {@code openssl s_client}; a peer that never finishes the handshake is closed at the
 * timeout without holding up the others.
 */
@Timeout(60)
class BlockingTlsTest {

    private static SelfSignedCertificate certificate;

    @TempDir
    static Path dir;

    @BeforeAll
    static void makeCertificate() {
        certificate = SelfSignedCertificate.generate();
    }

    static Stream<Arguments> models() {
        return Stream.of(Arguments.of(Dispatch.iterative()), Arguments.of(Dispatch.threads(4)),
                Arguments.of(Dispatch.virtual()));
    }

    private static TcpServer server(Dispatch dispatch, java.util.function.Supplier<? extends StreamRequestHandler> handlers,
            Duration handshakeTimeout) throws IOException {
        TcpServer server = new TcpServer(Endpoint.parse("tls://127.0.0.1:0"), handlers,
                ServerConfig.DEFAULTS.withDispatch(dispatch).withShutdownGrace(Duration.ofMillis(500)),
                TlsConfig.of(certificate.serverContext()).withHandshakeTimeout(handshakeTimeout));
        Thread.ofPlatform().name("serve-" + server.endpoint()).start(() -> {
            try {
                server.serveForever(Duration.ofMillis(200));
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        return server;
    }

    private static TcpServer server(Dispatch dispatch, java.util.function.Supplier<? extends StreamRequestHandler> handlers)
            throws IOException {
        return server(dispatch, handlers, TlsConfig.DEFAULT_HANDSHAKE_TIMEOUT);
    }

    private static int port(BaseServer server) {
        return ((InetEndpoint) server.endpoint()).port();
    }

    /** A JDK client trusting only the development certificate, checking the name 127.0.0.1 (HTTPS rules). */
    private static SSLSocket client(BaseServer server) throws IOException {
        SSLSocket socket = (SSLSocket) certificate.clientContext().getSocketFactory().createSocket("127.0.0.1", port(server));
        SSLParameters parameters = socket.getSSLParameters();
        parameters.setEndpointIdentificationAlgorithm("HTTPS");
        socket.setSSLParameters(parameters);
        socket.setSoTimeout(10_000);
        return socket;
    }

    private static String ask(Socket socket, String line) throws IOException {
        socket.getOutputStream().write((line + "\n").getBytes(StandardCharsets.UTF_8));
        return new String(socket.getInputStream().readNBytes(line.length() + 1), StandardCharsets.UTF_8).strip();
    }

    @ParameterizedTest
    @MethodSource("models")
    void aVerifyingJdkClientIsServedPlaintextHandlersUnchanged(Dispatch dispatch) throws Exception {
        try (TcpServer server = server(dispatch, ServerModelsTest.UpperLines::new)) {
            assertThat(server.endpoint().toString()).startsWith("tls://127.0.0.1:");
            try (SSLSocket socket = client(server)) {
                assertThat(ask(socket, "hello")).isEqualTo("HELLO");
                assertThat(ask(socket, "over tls")).isEqualTo("OVER TLS");
                assertThat(socket.getSession().getProtocol()).isIn("TLSv1.3", "TLSv1.2");
            }
        }
    }

    @ParameterizedTest
    @MethodSource("models")
    void protocolsEchoAMebibyteAndCloseWithCloseNotify(Dispatch dispatch) throws Exception {
        Protocol byeOnQuit = new EchoProtocol() {
            private Transport transport;

            @Override
            public void connectionMade(Transport t) {
                super.connectionMade(t);
                transport = t;
            }

            @Override
            public void dataReceived(ByteBuffer data) {
                if (StandardCharsets.US_ASCII.decode(data.duplicate()).toString().equals("quit")) {
                    transport.write("bye".getBytes(StandardCharsets.US_ASCII));
                    transport.loseConnection();
                    return;
                }
                super.dataReceived(data);
            }
        };
        byte[] sent = new byte[1 << 20];
        new Random(1).nextBytes(sent);
        try (TcpServer server = server(dispatch, ProtocolHandler.of(remote -> byeOnQuit));
                SSLSocket socket = client(server)) {
            CompletableFuture<Void> writing = CompletableFuture.runAsync(() -> {
                try {
                    OutputStream out = socket.getOutputStream();
                    for (int offset = 0; offset < sent.length; offset += 10_000) {
                        out.write(sent, offset, Math.min(10_000, sent.length - offset));
                    }
                    out.flush();
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            InputStream in = socket.getInputStream();
            assertThat(in.readNBytes(sent.length)).isEqualTo(sent);
            writing.get(20, TimeUnit.SECONDS);
            socket.getOutputStream().write("quit".getBytes(StandardCharsets.US_ASCII));
            assertThat(new String(in.readNBytes(3), StandardCharsets.US_ASCII)).isEqualTo("bye");
            assertThat(in.read()).as("close_notify: a clean end of stream, not a truncation").isEqualTo(-1);
        }
    }

    @ParameterizedTest
    @MethodSource("models")
    void opensslSClientVerifiesTheServerAndIsAnswered(Dispatch dispatch) throws Exception {
        Path ca = Files.writeString(dir.resolve("ca-" + System.nanoTime() + ".pem"), certificate.certificatePem());
        try (TcpServer server = server(dispatch, ServerModelsTest.UpperLines::new)) {
            Process openssl;
            try {
                openssl = new ProcessBuilder("openssl", "s_client", "-connect", "127.0.0.1:" + port(server), "-quiet",
                        "-no_ign_eof", "-verify_return_error", "-CAfile", ca.toString(), "-verify_ip", "127.0.0.1")
                        .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            } catch (IOException e) {
                Assumptions.abort("openssl is not installed: " + e.getMessage());
                return;
            }
            try {
                openssl.getOutputStream().write("hello from openssl\n".getBytes(StandardCharsets.UTF_8));
                openssl.getOutputStream().flush();
                BufferedReader reader = new BufferedReader(new InputStreamReader(openssl.getInputStream(),
                        StandardCharsets.UTF_8));
                String line = CompletableFuture.supplyAsync(() -> {
                    try {
                        return reader.readLine();
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                }).get(20, TimeUnit.SECONDS); // a pipe read ignores interrupts: bound it here
                assertThat(line).isEqualTo("HELLO FROM OPENSSL");
                openssl.getOutputStream().close(); // s_client sends close_notify; the handler ends; so does s_client
                assertThat(openssl.waitFor(20, TimeUnit.SECONDS)).as("s_client ended").isTrue();
                assertThat(openssl.exitValue()).as("s_client exit status (0: verified, clean close)").isZero();
            } finally {
                openssl.destroyForcibly();
            }
        }
    }

    static Stream<Arguments> threadsAndIterative() {
        return Stream.of(Arguments.of(Dispatch.threads(4)), Arguments.of(Dispatch.iterative()));
    }

    @ParameterizedTest
    @MethodSource("threadsAndIterative")
    void aHandshakeNeverFinishedIsClosedAtTheTimeoutWhileAnotherClientIsServed(Dispatch dispatch) throws Exception {
        Duration timeout = Duration.ofMillis(1500);
        try (TcpServer server = server(dispatch, ServerModelsTest.UpperLines::new, timeout);
                Socket silent = new Socket("127.0.0.1", port(server))) {
            silent.setSoTimeout(20_000);
            long connected = System.nanoTime();
            CompletableFuture<Long> silentClosed = CompletableFuture.supplyAsync(() -> {
                try {
                    int first = silent.getInputStream().read();
                    assertThat(first).as("the server sent nothing and closed").isEqualTo(-1);
                } catch (IOException e) {
                    // a reset is a close too
                }
                return System.nanoTime();
            });
            long served;
            try (SSLSocket socket = client(server)) {
                assertThat(ask(socket, "served")).isEqualTo("SERVED");
                served = System.nanoTime();
            }
            long closedAt = silentClosed.get(20, TimeUnit.SECONDS);
            assertThat(Duration.ofNanos(closedAt - connected)).as("closed about the timeout after connecting")
                    .isGreaterThanOrEqualTo(timeout.minusMillis(100)).isLessThan(timeout.plusSeconds(8));
            if (dispatch instanceof Dispatch.Threads) {
                assertThat(served).as("served while the silent peer still held its connection").isLessThan(closedAt);
            }
            server.close(); // waits for the requests in flight, so the count is final
            assertThat(server.stats().errors()).as("the timeout was counted").isEqualTo(1);
        }
    }

    @Test
    void aTrickledHandshakeIsBoundedAsAWholeNotPerRead() throws Exception {
        Duration timeout = Duration.ofMillis(1000);
        try (TcpServer server = server(Dispatch.iterative(), ServerModelsTest.UpperLines::new, timeout);
                Socket slow = new Socket("127.0.0.1", port(server))) {
            slow.setSoTimeout(20_000);
            long connected = System.nanoTime();
            // a TLS handshake record header announcing 16 KiB, then one byte every 100 ms: each read gets a byte in time
            Thread trickle = Thread.ofVirtual().start(() -> {
                try {
                    OutputStream out = slow.getOutputStream();
                    out.write(new byte[] {0x16, 0x03, 0x01, 0x40, 0x00});
                    for (int i = 0; i < 200; i++) {
                        out.write(1);
                        out.flush();
                        Thread.sleep(100); // the attack's pace, not synchronisation
                    }
                } catch (IOException | InterruptedException e) {
                    // the server closed: what the test waits for
                }
            });
            try {
                int first = slow.getInputStream().read();
                assertThat(first).isIn(-1, 21); // closed, perhaps after an alert record
            } catch (IOException e) {
                // a reset is a close too
            }
            assertThat(Duration.ofNanos(System.nanoTime() - connected)).isLessThan(timeout.plusSeconds(8));
            trickle.interrupt();
            try (SSLSocket socket = client(server)) {
                assertThat(ask(socket, "next")).isEqualTo("NEXT");
            }
        }
    }

    @Test
    void tcpServerNeverServesPlaintextOnATlsAddress() {
        assertThatThrownBy(() -> new TcpServer(Endpoint.parse("tls://127.0.0.1:0"), ServerModelsTest.UpperLines::new,
                ServerConfig.DEFAULTS)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("TlsConfig");
        assertThatThrownBy(() -> new TcpServer(Endpoint.parse("tcp://127.0.0.1:0"), ServerModelsTest.UpperLines::new,
                ServerConfig.DEFAULTS, TlsConfig.of(certificate.serverContext())))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("tls://127.0.0.1:0");
    }
}
