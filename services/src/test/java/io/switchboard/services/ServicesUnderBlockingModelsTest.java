package io.switchboard.services;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.endpoint.Endpoint;
import io.switchboard.endpoint.InetEndpoint;
import io.switchboard.server.Dispatch;
import io.switchboard.server.ServerConfig;
import java.io.IOException;
import java.io.InputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The same services, unchanged, under the socketserver models: their reactor protocols run on
 * blocking threads through ProtocolHandler and DatagramProtocolAdapter.
 */
@Timeout(60)
class ServicesUnderBlockingModelsTest {

    static Stream<Arguments> models() {
        return Stream.of(Arguments.of(Dispatch.iterative()), Arguments.of(Dispatch.threads(8)),
                Arguments.of(Dispatch.virtual()));
    }

    private static RunningService start(Service service, Dispatch dispatch, String... endpoints) throws IOException {
        return ServiceRunner.startBlocking(service, Arrays.stream(endpoints).map(Endpoint::parse).toList(),
                ServerConfig.DEFAULTS.withDispatch(dispatch).withShutdownGrace(Duration.ofSeconds(2)));
    }

    private static Socket connect(Endpoint endpoint) throws IOException {
        InetEndpoint inet = (InetEndpoint) endpoint;
        Socket socket = new Socket(inet.host(), inet.port());
        socket.setSoTimeout(10_000);
        return socket;
    }

    private static String udp(Endpoint endpoint, String message) throws IOException {
        InetEndpoint inet = (InetEndpoint) endpoint;
        try (DatagramSocket client = new DatagramSocket()) {
            client.setSoTimeout(10_000);
            byte[] bytes = message.getBytes(StandardCharsets.UTF_8);
            client.send(new DatagramPacket(bytes, bytes.length, new InetSocketAddress(inet.host(), inet.port())));
            DatagramPacket reply = new DatagramPacket(new byte[2048], 2048);
            client.receive(reply);
            return new String(reply.getData(), 0, reply.getLength(), StandardCharsets.UTF_8);
        }
    }

    @ParameterizedTest
    @MethodSource("models")
    void timestampUpperAndEchoAnswerOverTcpAndUdp(Dispatch dispatch) throws Exception {
        try (RunningService timestamp = start(new TimestampService(), dispatch, "tcp://127.0.0.1:0", "udp://127.0.0.1:0");
                RunningService upper = start(new UpperService(), dispatch, "tcp://127.0.0.1:0", "udp://127.0.0.1:0");
                RunningService echo = start(new EchoService(), dispatch, "tcp://127.0.0.1:0")) {
            try (Socket socket = connect(timestamp.boundEndpoints().get(0))) {
                socket.getOutputStream().write("hi".getBytes(StandardCharsets.UTF_8));
                assertThat(new String(socket.getInputStream().readNBytes(29), StandardCharsets.UTF_8))
                        .matches(ServicesTest.CTIME.pattern() + "hi");
            }
            assertThat(udp(timestamp.boundEndpoints().get(1), "d")).matches(ServicesTest.CTIME.pattern() + "d");
            try (Socket socket = connect(upper.boundEndpoints().get(0))) {
                socket.getOutputStream().write(" model \n".getBytes(StandardCharsets.UTF_8));
                assertThat(new String(socket.getInputStream().readNBytes(5), StandardCharsets.UTF_8)).isEqualTo("MODEL");
            }
            assertThat(udp(upper.boundEndpoints().get(1), "udp")).isEqualTo("UDP");
            byte[] payload = new byte[2 * 1024 * 1024];
            new Random(3).nextBytes(payload);
            try (Socket socket = connect(echo.boundEndpoints().get(0))) {
                CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
                    try {
                        socket.getOutputStream().write(payload);
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                });
                byte[] back = socket.getInputStream().readNBytes(payload.length);
                writer.get(30, TimeUnit.SECONDS);
                assertThat(Arrays.equals(back, payload)).as("2 MiB echoed intact").isTrue();
            }
            // The service's counters (status page, /metrics) are fed by its blocking servers too.
            assertThat(echo.stats().totalConnections()).isEqualTo(1);
            assertThat(echo.stats().bytesIn()).isEqualTo(payload.length);
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10))
                    .until(() -> echo.stats().bytesOut() == payload.length && echo.stats().openConnections() == 0);
            assertThat(upper.stats().totalConnections()).as("the TCP connection and the UDP request, one set of counters")
                    .isEqualTo(2);
        }
    }

    @ParameterizedTest
    @MethodSource("models")
    void theCallCenterMenuAndHangUp(Dispatch dispatch) throws Exception {
        try (RunningService callcenter = start(new CallCenterService(), dispatch, "tcp://127.0.0.1:0")) {
            try (Socket socket = connect(callcenter.boundEndpoints().get(0))) {
                InputStream in = socket.getInputStream();
                assertThat(new String(in.readNBytes(CallCenterService.WELCOME.getBytes(StandardCharsets.UTF_8).length),
                        StandardCharsets.UTF_8)).contains("10086");
                socket.getOutputStream().write("0".getBytes(StandardCharsets.UTF_8));
                assertThat(new String(in.readNBytes(CallCenterService.RECORDING.getBytes(StandardCharsets.UTF_8).length),
                        StandardCharsets.UTF_8)).contains("录音");
                socket.getOutputStream().write("exit\n".getBytes(StandardCharsets.UTF_8));
                assertThat(in.read()).isEqualTo(-1);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("models")
    void closingTheServiceLetsProtocolsSayGoodbye(Dispatch dispatch) throws Exception {
        Service goodbye = new Service() {
            @Override
            public String name() {
                return "goodbye";
            }

            @Override
            public String description() {
                return "test";
            }

            @Override
            public List<Endpoint> defaultEndpoints(String host) {
                return List.of();
            }

            @Override
            public java.util.Optional<io.switchboard.reactor.ProtocolFactory> streamFactory(
                    io.switchboard.services.ServiceContext context) {
                return java.util.Optional.of(remote -> new io.switchboard.reactor.Protocol() {
                    @Override
                    public void connectionMade(io.switchboard.reactor.Transport t) {
                        t.write("hello\n".getBytes(StandardCharsets.UTF_8));
                    }

                    @Override
                    public void dataReceived(java.nio.ByteBuffer data) {
                    }

                    @Override
                    public void stopRequested(io.switchboard.reactor.Transport t) {
                        t.write("Shutdown\n".getBytes(StandardCharsets.UTF_8));
                        t.loseConnection();
                    }
                });
            }
        };
        RunningService running = start(goodbye, dispatch, "tcp://127.0.0.1:0");
        try (Socket socket = connect(running.boundEndpoints().get(0))) {
            assertThat(new String(socket.getInputStream().readNBytes(6), StandardCharsets.UTF_8)).isEqualTo("hello\n");
            CompletableFuture<Void> closing = CompletableFuture.runAsync(running::close);
            assertThat(new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("Shutdown\n");
            closing.get(10, TimeUnit.SECONDS);
        }
    }
}
