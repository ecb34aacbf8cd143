package io.switchboard.services;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.endpoint.Endpoint;
import io.switchboard.endpoint.InetEndpoint;
import io.switchboard.endpoint.UnixEndpoint;
import io.switchboard.io.Backends;
import io.switchboard.reactor.Reactor;
import java.io.IOException;
import java.io.InputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every service over loopback, under every poller: the same bytes whatever polls underneath. */
@Timeout(60)
class ServicesTest {

    static final Pattern CTIME = Pattern.compile("\\[(Mon|Tue|Wed|Thu|Fri|Sat|Sun) [A-Z][a-z]{2} [ 123]\\d "
            + "\\d\\d:\\d\\d:\\d\\d \\d{4}\\] ");

    private static Reactor reactor(String poller) {
        return Reactor.builder().loops(2).backend(Backends.named(poller)).name("svc-" + poller).build();
    }

    private static RunningService start(Reactor reactor, Service service, String... endpoints) throws IOException {
        return ServiceRunner.start(reactor, service, Arrays.stream(endpoints).map(Endpoint::parse).toList());
    }

    private static Socket connect(Endpoint endpoint) throws IOException {
        InetEndpoint inet = (InetEndpoint) endpoint;
        Socket socket = new Socket(inet.host(), inet.port());
        socket.setSoTimeout(10_000);
        return socket;
    }

    /** Reads what arrives until {@code expected} bytes are in (the answer to one request). */
    private static String read(InputStream in, int expected) throws IOException {
        return new String(in.readNBytes(expected), StandardCharsets.UTF_8);
    }

    private static String udpRoundTrip(Endpoint endpoint, String message) throws IOException {
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
    @ValueSource(strings = {"nio", "select", "poll", "epoll", "epoll-et"})
    void timestampAnswersChunksAndDatagramsWithCtime(String poller) throws Exception {
        try (Reactor reactor = reactor(poller)) {
            RunningService service = start(reactor, new TimestampService(), "tcp://127.0.0.1:0", "udp://127.0.0.1:0");
            try (Socket socket = connect(service.boundEndpoints().get(0))) {
                socket.getOutputStream().write("hi".getBytes(StandardCharsets.UTF_8)); // no newline, as t_client.py
                String reply = read(socket.getInputStream(), "[Sun Nov 22 09:48:55 2026] hi".length());
                assertThat(reply).matches(CTIME.pattern() + "hi");
            }
            assertThat(udpRoundTrip(service.boundEndpoints().get(1), "datagram")).matches(CTIME.pattern() + "datagram");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"nio", "select", "poll", "epoll", "epoll-et"})
    void echoReturnsBytesUnchangedOverTcpUdpAndLosesNothingUnderBackpressure(String poller) throws Exception {
        try (Reactor reactor = reactor(poller)) {
            RunningService service = start(reactor, new EchoService(), "tcp://127.0.0.1:0", "udp://127.0.0.1:0");
            byte[] payload = new byte[8 * 1024 * 1024];
            new Random(7).nextBytes(payload);
            try (Socket socket = connect(service.boundEndpoints().get(0))) {
                CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
                    try {
                        socket.getOutputStream().write(payload); // far more than the socket buffers hold
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                });
                byte[] back = socket.getInputStream().readNBytes(payload.length);
                writer.get(30, TimeUnit.SECONDS);
                assertThat(Arrays.equals(back, payload)).as("8 MiB echoed intact").isTrue();
            }
            assertThat(udpRoundTrip(service.boundEndpoints().get(1), "ping 你好")).isEqualTo("ping 你好");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"nio", "select", "poll", "epoll", "epoll-et"})
    void upperStripsAndUpperCasesAsciiOverTcpAndUdp(String poller) throws Exception {
        try (Reactor reactor = reactor(poller)) {
            RunningService service = start(reactor, new UpperService(), "tcp://127.0.0.1:0", "udp://127.0.0.1:0");
            try (Socket socket = connect(service.boundEndpoints().get(0))) {
                socket.getOutputStream().write("  hello world, ça va?\r\n".getBytes(StandardCharsets.UTF_8));
                assertThat(read(socket.getInputStream(), "HELLO WORLD, çA VA?".getBytes(StandardCharsets.UTF_8).length))
                        .isEqualTo("HELLO WORLD, çA VA?");
            }
            assertThat(udpRoundTrip(service.boundEndpoints().get(1), " udp\n")).isEqualTo("UDP");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"nio", "select", "poll", "epoll", "epoll-et"})
    void callCenterFollowsTheMenuWithOrWithoutNewlines(String poller) throws Exception {
        try (Reactor reactor = reactor(poller)) {
            RunningService service = start(reactor, new CallCenterService(), "tcp://127.0.0.1:0");
            try (Socket socket = connect(service.boundEndpoints().get(0))) {
                InputStream in = socket.getInputStream();
                int welcome = CallCenterService.WELCOME.getBytes(StandardCharsets.UTF_8).length;
                int recording = CallCenterService.RECORDING.getBytes(StandardCharsets.UTF_8).length;
                int again = CallCenterService.AGAIN.getBytes(StandardCharsets.UTF_8).length;
                assertThat(read(in, welcome)).contains("10086");
                send(socket, "0"); // the seed client: no newline
                assertThat(read(in, recording)).contains("录音");
                send(socket, "1234\n"); // nc: with newline
                assertThat(read(in, again)).isEqualTo("请重新输入.");
                send(socket, "0\r\n"); // telnet
                assertThat(read(in, recording)).isEqualTo(CallCenterService.RECORDING);
                send(socket, "9\n0\n");
                assertThat(read(in, again + recording)).isEqualTo(CallCenterService.AGAIN + CallCenterService.RECORDING);
                send(socket, "exit");
                assertThat(in.read()).as("the server hangs up").isEqualTo(-1);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"nio", "select", "poll", "epoll", "epoll-et"})
    void seedExamplesBehaveAsTheTutorialsShow(String poller) throws Exception {
        try (Reactor reactor = reactor(poller)) {
            RunningService hello = start(reactor, new HelloService(), "tcp://127.0.0.1:0", "tcp://127.0.0.1:0",
                    "tcp://127.0.0.1:0");
            for (Endpoint endpoint : hello.boundEndpoints()) {
                try (Socket socket = connect(endpoint)) {
                    assertThat(new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8))
                            .isEqualTo("hello");
                }
            }
            RunningService hao = start(reactor, new HaoService(), "tcp://127.0.0.1:0");
            try (Socket socket = connect(hao.boundEndpoints().get(0))) {
                send(socket, "你");
                assertThat(read(socket.getInputStream(), 6)).isEqualTo("你好");
            }
            RunningService ack = start(reactor, new AckService(), "tcp://127.0.0.1:0");
            try (Socket socket = connect(ack.boundEndpoints().get(0))) {
                send(socket, "data");
                String expected = "我已经收到你的数据了!\n";
                assertThat(read(socket.getInputStream(), expected.getBytes(StandardCharsets.UTF_8).length))
                        .isEqualTo(expected);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"nio", "epoll"})
    void servicesRunOnUnixSockets(String poller, @TempDir Path dir) throws Exception {
        try (Reactor reactor = reactor(poller)) {
            Path path = dir.resolve("upper.sock");
            RunningService service = ServiceRunner.start(reactor, new UpperService(), List.of(new UnixEndpoint(path)));
            assertThat(service.boundEndpoints()).containsExactly(new UnixEndpoint(path));
            try (SocketChannel client = SocketChannel.open(StandardProtocolFamily.UNIX)) {
                client.connect(UnixDomainSocketAddress.of(path));
                client.write(ByteBuffer.wrap("unix\n".getBytes(StandardCharsets.UTF_8)));
                ByteBuffer reply = ByteBuffer.allocate(4);
                while (reply.hasRemaining() && client.read(reply) >= 0) {
                    // until the whole answer is in
                }
                assertThat(new String(reply.array(), StandardCharsets.UTF_8)).isEqualTo("UNIX");
            }
        }
    }

    private static void send(Socket socket, String text) throws IOException {
        socket.getOutputStream().write(text.getBytes(StandardCharsets.UTF_8));
    }
}
