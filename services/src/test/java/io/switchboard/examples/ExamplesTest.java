package io.switchboard.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.endpoint.Endpoint;
import io.switchboard.endpoint.InetEndpoint;
import io.switchboard.server.BaseServer;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Each tutorial server, driven over loopback the way the tutorial's client drives it. */
@Timeout(30)
class ExamplesTest {

    private static <S extends BaseServer> S serving(S server) {
        Thread.ofPlatform().daemon().start(() -> {
            try {
                server.serveForever();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        return server;
    }

    private static Socket connect(BaseServer server) throws IOException {
        InetEndpoint endpoint = (InetEndpoint) server.endpoint();
        Socket socket = new Socket(endpoint.host(), endpoint.port());
        socket.setSoTimeout(10_000);
        return socket;
    }

    private static String read(Socket socket, String expected) throws IOException {
        return new String(socket.getInputStream().readNBytes(expected.getBytes(StandardCharsets.UTF_8).length),
                StandardCharsets.UTF_8);
    }

    private static void send(Socket socket, String text) throws IOException {
        socket.getOutputStream().write(text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void callCenter() throws Exception {
        try (var server = serving(CallCenterServer.create(Endpoint.parse("tcp://127.0.0.1:0")));
                Socket socket = connect(server)) {
            assertThat(read(socket, "欢迎致电 10086,请输入1xxx,0转人工服务.")).contains("10086");
            send(socket, "0");
            assertThat(read(socket, "通话可能会被录音.")).isEqualTo("通话可能会被录音.");
            send(socket, "123");
            assertThat(read(socket, "请重新输入.")).isEqualTo("请重新输入.");
            send(socket, "exit");
            assertThat(socket.getInputStream().read()).isEqualTo(-1);
        }
    }

    @Test
    void upperOverTcpAndUdp() throws Exception {
        try (var server = serving(UpperTcpServer.create(Endpoint.parse("tcp://127.0.0.1:0")));
                Socket socket = connect(server)) {
            send(socket, "hello world\n");
            assertThat(new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("HELLO WORLD");
        }
        try (var server = serving(UpperUdpServer.create(Endpoint.parse("udp://127.0.0.1:0")));
                DatagramSocket client = new DatagramSocket()) {
            client.setSoTimeout(10_000);
            InetEndpoint endpoint = (InetEndpoint) server.endpoint();
            byte[] data = "hello udp\n".getBytes(StandardCharsets.UTF_8);
            client.send(new DatagramPacket(data, data.length, new InetSocketAddress(endpoint.host(), endpoint.port())));
            DatagramPacket reply = new DatagramPacket(new byte[100], 100);
            client.receive(reply);
            assertThat(new String(reply.getData(), 0, reply.getLength(), StandardCharsets.UTF_8)).isEqualTo("HELLO UDP");
        }
    }

    @Test
    void threadNamesDifferPerRequest() throws Exception {
        try (var server = serving(ThreadNameServer.create(Endpoint.parse("tcp://127.0.0.1:0")))) {
            String first;
            String second;
            try (Socket socket = connect(server)) {
                send(socket, "Hello World 1");
                socket.shutdownOutput();
                first = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            }
            try (Socket socket = connect(server)) {
                send(socket, "Hello World 2");
                socket.shutdownOutput();
                second = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            }
            assertThat(first).startsWith("switchboard-request-").endsWith(": Hello World 1");
            assertThat(second).endsWith(": Hello World 2");
            assertThat(first.substring(0, first.indexOf(':'))).isNotEqualTo(second.substring(0, second.indexOf(':')));
        }
    }

    @Test
    void greetsThenEchoes() throws Exception {
        try (var server = serving(GreetingEchoServer.create(Endpoint.parse("tcp://127.0.0.1:0")));
                Socket socket = connect(server)) {
            socket.setSoTimeout(10_000);
            StringBuilder greeting = new StringBuilder();
            while (!greeting.toString().endsWith("succeed!")) {
                int b = socket.getInputStream().read();
                assertThat(b).as("greeting so far: " + greeting).isNotNegative();
                greeting.append((char) b);
            }
            InetEndpoint endpoint = (InetEndpoint) server.endpoint();
            assertThat(greeting.toString())
                    .startsWith("connection 127.0.0.1:" + endpoint.port() + " at ").endsWith(" succeed!");
            send(socket, "echo me\r\n");
            assertThat(read(socket, "echo me\r\n")).isEqualTo("echo me\r\n");
        }
    }

    @Test
    void timestampsEachLine() throws Exception {
        try (var server = serving(TimestampLineServer.create(Endpoint.parse("tcp://127.0.0.1:0")));
                Socket socket = connect(server)) {
            send(socket, "one\r\ntwo\n");
            socket.shutdownOutput();
            String[] lines = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8).split("\n");
            assertThat(lines).hasSize(2);
            assertThat(lines[0]).matches("\\[\\w{3} \\w{3} [ \\d]\\d \\d\\d:\\d\\d:\\d\\d \\d{4}\\] one");
            assertThat(lines[1]).endsWith("] two");
        }
    }
}
