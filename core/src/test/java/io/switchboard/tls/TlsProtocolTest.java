package io.switchboard.tls;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.endpoint.Endpoint;
import io.switchboard.endpoint.InetEndpoint;
import io.switchboard.reactor.CloseReason;
import io.switchboard.reactor.Listener;
import io.switchboard.reactor.EchoProtocol;
import io.switchboard.reactor.Protocol;
import io.switchboard.reactor.ProtocolFactory;
import io.switchboard.reactor.Reactor;
import io.switchboard.reactor.Transport;
import io.switchboard.io.Backends;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The TLS decorator on the reactor, against the JDK's own {@code SSLSocket} as the independent peer
 * (trusting the generated development certificate and checking its host name).
 */
@Timeout(30)
class TlsProtocolTest {

    private static SelfSignedCertificate certificate;

    private final Reactor reactor = Reactor.builder().loops(2).name("tls-test").backend(Backends.named("nio")).build();

    @BeforeAll
    static void makeCertificate() {
        certificate = SelfSignedCertificate.generate();
    }

    @AfterEach
    void stop() {
        reactor.close();
    }

    private Listener listen(ProtocolFactory inner) throws IOException {
        return listen(TlsConfig.of(certificate.serverContext()), inner);
    }

    private Listener listen(TlsConfig config, ProtocolFactory inner) throws IOException {
        return reactor.listen(Endpoint.parse("tcp://127.0.0.1:0"), TlsProtocols.server(config, inner));
    }

    private static int port(Listener listener) {
        return ((InetEndpoint) listener.endpoint()).port();
    }

    /** A JDK TLS client that trusts the development certificate and checks the name 127.0.0.1. */
    static SSLSocket client(int port) throws IOException {
        SSLContext context = certificate.clientContext();
        SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket("127.0.0.1", port);
        SSLParameters parameters = socket.getSSLParameters();
        parameters.setEndpointIdentificationAlgorithm("HTTPS");
        socket.setSSLParameters(parameters);
        socket.setSoTimeout(10_000);
        return socket;
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 100, 16_384, 16_385, 65_543, 1 << 20})
    void echoesEverySizeUpToOneMebibyte(int size) throws Exception {
        Listener listener = listen(remote -> new EchoProtocol());
        byte[] sent = new byte[size];
        new Random(size).nextBytes(sent);
        try (SSLSocket socket = client(port(listener))) {
            CompletableFuture<Void> writing = CompletableFuture.runAsync(() -> {
                try {
                    OutputStream out = socket.getOutputStream();
                    for (int offset = 0; offset < size; offset += 7_000) {
                        out.write(sent, offset, Math.min(7_000, size - offset));
                    }
                    out.flush();
                } catch (IOException e) {
                    throw new RuntimeException(e);
                }
            });
            byte[] received = socket.getInputStream().readNBytes(size);
            writing.get(20, TimeUnit.SECONDS);
            assertThat(received).isEqualTo(sent);
            assertThat(socket.getSession().getProtocol()).isIn("TLSv1.3", "TLSv1.2");
        }
    }

    @Test
    void handlesRecordsArrivingOneByteAtATime() throws Exception {
        Listener listener = listen(remote -> new EchoProtocol());
        try (java.net.ServerSocket relay = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            // a relay that forwards the client's bytes to the server one write (one TCP segment) per byte
            CompletableFuture<Void> relaying = CompletableFuture.runAsync(() -> {
                try (Socket fromClient = relay.accept(); Socket toServer = new Socket("127.0.0.1", port(listener))) {
                    toServer.setTcpNoDelay(true);
                    Thread back = Thread.ofVirtual().start(() -> copy(toServer, fromClient));
                    InputStream in = fromClient.getInputStream();
                    OutputStream out = toServer.getOutputStream();
                    int b;
                    while ((b = in.read()) >= 0) {
                        out.write(b);
                        out.flush();
                    }
                    toServer.shutdownOutput();
                    back.join();
                } catch (IOException | InterruptedException e) {
                    throw new RuntimeException(e);
                }
            });
            try (SSLSocket socket = client(relay.getLocalPort())) {
                byte[] sent = new byte[3_000];
                new Random(3).nextBytes(sent);
                socket.getOutputStream().write(sent);
                assertThat(socket.getInputStream().readNBytes(sent.length)).isEqualTo(sent);
            }
            relaying.get(10, TimeUnit.SECONDS);
        }
    }

    private static void copy(Socket from, Socket to) {
        try {
            from.getInputStream().transferTo(to.getOutputStream());
            to.shutdownOutput();
        } catch (IOException ignored) {
            // the other side closed: the relay ends
        }
    }

    @Test
    void sendsAFileBetweenTheWritesAroundIt(@TempDir Path dir) throws Exception {
        byte[] content = new byte[(1 << 20) + 12_345];
        new Random(7).nextBytes(content);
        Path file = Files.write(dir.resolve("payload.bin"), content);
        CompletableFuture<Long> sent = new CompletableFuture<>();
        Listener listener = listen(remote -> new Protocol() {
            @Override
            public void connectionMade(Transport transport) {
                try {
                    FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
                    transport.write("head".getBytes(StandardCharsets.US_ASCII));
                    transport.sendFile(channel, 0, content.length).whenComplete((n, error) -> {
                        close(channel);
                        if (error != null) {
                            sent.completeExceptionally(error);
                        } else {
                            sent.complete(n);
                        }
                    });
                    transport.write("tail".getBytes(StandardCharsets.US_ASCII));
                    transport.loseConnection();
                } catch (IOException e) {
                    sent.completeExceptionally(e);
                }
            }

            @Override
            public void dataReceived(ByteBuffer data) {
            }
        });
        try (SSLSocket socket = client(port(listener))) {
            socket.startHandshake();
            byte[] all = socket.getInputStream().readAllBytes(); // ends at the server's close_notify
            assertThat(new String(all, 0, 4, StandardCharsets.US_ASCII)).isEqualTo("head");
            assertThat(java.util.Arrays.copyOfRange(all, 4, 4 + content.length)).isEqualTo(content);
            assertThat(new String(all, 4 + content.length, all.length - 4 - content.length, StandardCharsets.US_ASCII))
                    .isEqualTo("tail");
        }
        assertThat(sent.get(10, TimeUnit.SECONDS)).isEqualTo(content.length);
    }

    @Test
    void writesPilingUpBehindAFileCloseTheConnectionAsOverloaded(@TempDir Path dir) throws Exception {
        Path file = Files.write(dir.resolve("big.bin"), new byte[1 << 20]);
        CompletableFuture<CloseReason> lost = new CompletableFuture<>();
        Listener listener = listen(remote -> new Protocol() {
            @Override
            public void connectionMade(Transport transport) {
                try {
                    FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
                    transport.sendFile(channel, 0, 1 << 20).whenComplete((n, error) -> close(channel));
                    byte[] mebibyte = new byte[1 << 20];
                    for (int i = 0; i <= TlsConnection.PENDING_LIMIT >> 20; i++) {
                        transport.write(mebibyte); // the peer reads nothing: these wait behind the file
                    }
                } catch (IOException e) {
                    lost.completeExceptionally(e);
                }
            }

            @Override
            public void dataReceived(ByteBuffer data) {
            }

            @Override
            public void connectionLost(CloseReason reason) {
                lost.complete(reason);
            }
        });
        try (SSLSocket socket = client(port(listener))) {
            socket.startHandshake();
            assertThat(lost.get(10, TimeUnit.SECONDS)).isInstanceOf(CloseReason.Overloaded.class);
        }
    }

    private static void close(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException ignored) {
            // test cleanup
        }
    }

    @Test
    void closesAPeerThatNeverFinishesTheHandshakeWhileServingOthers() throws Exception {
        AtomicInteger made = new AtomicInteger();
        Listener listener = listen(TlsConfig.of(certificate.serverContext()).withHandshakeTimeout(Duration.ofMillis(500)),
                remote -> {
                    made.incrementAndGet();
                    return new EchoProtocol();
                });
        try (Socket silent = new Socket("127.0.0.1", port(listener))) {
            silent.setSoTimeout(10_000);
            long start = System.nanoTime();
            try (SSLSocket served = client(port(listener))) {
                served.getOutputStream().write("still served".getBytes(StandardCharsets.US_ASCII));
                assertThat(new String(served.getInputStream().readNBytes(12), StandardCharsets.US_ASCII))
                        .isEqualTo("still served");
            }
            assertThat(readUntilClosed(silent.getInputStream())).isEqualTo(-1);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(450));
        }
    }

    @Test
    void answersGarbageInsteadOfAClientHelloWithAnAlertAndClosesOnlyThatConnection() throws Exception {
        Listener listener = listen(remote -> new EchoProtocol());
        try (Socket plain = new Socket("127.0.0.1", port(listener))) {
            plain.setSoTimeout(10_000);
            plain.getOutputStream().write("GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            byte[] answer = plain.getInputStream().readAllBytes();
            if (answer.length > 0) {
                assertThat(answer[0]).as("a TLS alert record").isEqualTo((byte) 21);
            }
        }
        try (SSLSocket served = client(port(listener))) {
            served.getOutputStream().write("ok".getBytes(StandardCharsets.US_ASCII));
            assertThat(new String(served.getInputStream().readNBytes(2), StandardCharsets.US_ASCII)).isEqualTo("ok");
        }
    }

    @Test
    void thePeersCloseNotifyEndsReadingAndTheServerAnswersWithItsOwn() throws Exception {
        CompletableFuture<Void> readEnded = new CompletableFuture<>();
        CompletableFuture<CloseReason> lost = new CompletableFuture<>();
        Listener listener = listen(remote -> new EchoProtocol() {
            @Override
            public void readEnded(Transport transport) {
                readEnded.complete(null);
                transport.write("last words".getBytes(StandardCharsets.US_ASCII)); // TLS 1.3 allows half-close
                transport.loseConnection();
            }

            @Override
            public void connectionLost(CloseReason reason) {
                lost.complete(reason);
            }
        });
        try (SSLSocket socket = client(port(listener))) {
            InputStream in = socket.getInputStream(); // taken now: Socket refuses it once input is shut
            socket.getOutputStream().write("x".getBytes(StandardCharsets.US_ASCII));
            assertThat(in.read()).isEqualTo('x');
            socket.shutdownOutput(); // SSLSocket: sends close_notify, keeps reading (TLS 1.3 half-close)
            readEnded.get(10, TimeUnit.SECONDS);
            assertThat(new String(in.readAllBytes(), StandardCharsets.US_ASCII)).isEqualTo("last words");
        }
        assertThat(lost.get(10, TimeUnit.SECONDS)).isInstanceOf(CloseReason.Clean.class);
    }

    @Test
    void theClientSideSpeaksToTheServerSideAndVerifiesIt() throws Exception {
        Listener listener = listen(remote -> new EchoProtocol());
        CompletableFuture<String> echoed = new CompletableFuture<>();
        TlsConfig clientConfig = TlsConfig.of(certificate.clientContext());
        Protocol client = TlsProtocols.client(clientConfig, "127.0.0.1", port(listener), new Protocol() {
            private final StringBuilder received = new StringBuilder();

            @Override
            public void connectionMade(Transport transport) {
                transport.write("over tls".getBytes(StandardCharsets.US_ASCII));
            }

            @Override
            public void dataReceived(ByteBuffer data) {
                received.append(StandardCharsets.US_ASCII.decode(data));
                if (received.length() == 8) {
                    echoed.complete(received.toString());
                }
            }
        });
        reactor.connect(listener.endpoint(), client).get(10, TimeUnit.SECONDS);
        assertThat(echoed.get(10, TimeUnit.SECONDS)).isEqualTo("over tls");
    }

    @Test
    void theClientSideRefusesAServerItDoesNotTrust() throws Exception {
        Listener listener = listen(remote -> new EchoProtocol());
        CompletableFuture<CloseReason> lost = new CompletableFuture<>();
        AtomicInteger made = new AtomicInteger();
        SSLContext trustsNobodyWeKnow = SelfSignedCertificate.generate().clientContext();
        Protocol client = TlsProtocols.client(TlsConfig.of(trustsNobodyWeKnow), "127.0.0.1", port(listener),
                new Protocol() {
                    @Override
                    public void connectionMade(Transport transport) {
                        made.incrementAndGet();
                    }

                    @Override
                    public void dataReceived(ByteBuffer data) {
                    }

                    @Override
                    public void connectionLost(CloseReason reason) {
                        lost.complete(reason);
                    }
                });
        Transport transport = reactor.connect(listener.endpoint(), client).get(10, TimeUnit.SECONDS);
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> !transport.isOpen());
        assertThat(made.get()).isZero();
        assertThat(lost.isDone()).isFalse(); // never made, so never lost: the inner protocol saw nothing
    }

    private static int readUntilClosed(InputStream in) {
        try {
            while (true) {
                int b = in.read();
                if (b < 0) {
                    return -1;
                }
            }
        } catch (java.net.SocketTimeoutException e) {
            return 0; // still open after the read timeout: not closed
        } catch (IOException e) {
            return -1; // reset: closed too
        }
    }
}
