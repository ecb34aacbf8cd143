package io.switchboard.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.access.AccessPolicy;
import io.switchboard.endpoint.Endpoint;
import io.switchboard.endpoint.InetEndpoint;
import io.switchboard.endpoint.UnixDatagramEndpoint;
import io.switchboard.endpoint.UnixEndpoint;
import io.switchboard.io.Backends;
import java.io.IOException;
import java.io.InputStream;
import java.net.DatagramPacket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every server class under every dispatch model. */
@Timeout(30)
class ServerModelsTest {

    @TempDir
    Path dir;

    static Stream<Arguments> models() {
        return Stream.of(Arguments.of(Dispatch.iterative()), Arguments.of(Dispatch.threads(4)),
                Arguments.of(Dispatch.virtual()));
    }

    /** Echoes lines, upper-cased, until the client closes. */
    static final class UpperLines extends StreamRequestHandler {
        @Override
        public void handle() throws IOException {
            String line;
            while ((line = readLine()) != null) {
                write(line.toUpperCase() + "\n");
                wfile().flush();
            }
        }
    }

    /** Answers a datagram upper-cased, through wfile (sent in finish). */
    static final class UpperDatagram extends DatagramRequestHandler {
        @Override
        public void handle() throws IOException {
            wfile().write(new String(data(), StandardCharsets.UTF_8).strip().toUpperCase().getBytes(StandardCharsets.UTF_8));
        }
    }

    private static Thread serve(BaseServer server) {
        return Thread.ofPlatform().name("serve-" + server.endpoint()).start(() -> {
            try {
                server.serveForever(Duration.ofMillis(200));
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
    }

    private static Socket client(BaseServer server) throws IOException {
        InetEndpoint endpoint = (InetEndpoint) server.endpoint();
        Socket socket = new Socket(endpoint.host(), endpoint.port());
        socket.setSoTimeout(10_000);
        return socket;
    }

    private static String ask(Socket socket, String line) throws IOException {
        socket.getOutputStream().write((line + "\n").getBytes(StandardCharsets.UTF_8));
        return new String(socket.getInputStream().readNBytes(line.length() + 1), StandardCharsets.UTF_8).strip();
    }

    @ParameterizedTest
    @MethodSource("models")
    void tcpServersAnswerUnderEveryModel(Dispatch dispatch) throws Exception {
        try (TcpServer server = new TcpServer(Endpoint.parse("tcp://127.0.0.1:0"), UpperLines::new,
                ServerConfig.DEFAULTS.withDispatch(dispatch))) {
            serve(server);
            try (Socket socket = client(server)) {
                assertThat(ask(socket, "hello")).isEqualTo("HELLO");
                assertThat(ask(socket, "again")).isEqualTo("AGAIN");
            }
        }
    }

    @ParameterizedTest
    @MethodSource("models")
    void protocolsSendFilesInOrderWithTheirWritesUnderEveryModel(Dispatch dispatch,
            @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        byte[] content = new byte[300_007];
        new java.util.Random(7).nextBytes(content);
        java.nio.file.Files.write(dir.resolve("f"), content);
        java.util.concurrent.CompletableFuture<Long> sent = new java.util.concurrent.CompletableFuture<>();
        io.switchboard.reactor.ProtocolFactory files = remote -> new io.switchboard.reactor.Protocol() {
            private java.nio.channels.FileChannel file;

            @Override
            public void connectionMade(io.switchboard.reactor.Transport t) {
                try {
                    file = java.nio.channels.FileChannel.open(dir.resolve("f"));
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
                t.write("head".getBytes(StandardCharsets.UTF_8));
                t.sendFile(file, 0, content.length).whenComplete((n, failure) -> {
                    closeQuietly(file);
                    if (failure != null) {
                        sent.completeExceptionally(failure);
                    } else {
                        sent.complete(n);
                    }
                });
                t.write("tail".getBytes(StandardCharsets.UTF_8));
                t.loseConnection();
            }

            @Override
            public void dataReceived(java.nio.ByteBuffer data) {
            }
        };
        try (TcpServer server = new TcpServer(Endpoint.parse("tcp://127.0.0.1:0"), ProtocolHandler.of(files),
                ServerConfig.DEFAULTS.withDispatch(dispatch))) {
            serve(server);
            try (Socket socket = client(server)) {
                java.io.DataInputStream in = new java.io.DataInputStream(socket.getInputStream());
                assertThat(new String(in.readNBytes(4), StandardCharsets.UTF_8)).isEqualTo("head");
                byte[] copy = new byte[content.length];
                in.readFully(copy);
                assertThat(java.util.Arrays.equals(copy, content)).isTrue();
                assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("tail");
            }
            assertThat(sent.get(10, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo((long) content.length);
        }
    }

    private static void closeQuietly(java.nio.channels.FileChannel file) {
        try {
            file.close();
        } catch (IOException ignored) {
            // read-only: nothing to lose
        }
    }

    @ParameterizedTest
    @MethodSource("models")
    void unixStreamServersAnswerUnderEveryModel(Dispatch dispatch) throws Exception {
        Path path = dir.resolve("s.sock");
        try (UnixStreamServer server = new UnixStreamServer(new UnixEndpoint(path), UpperLines::new,
                ServerConfig.DEFAULTS.withDispatch(dispatch))) {
            serve(server);
            try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
                channel.connect(UnixDomainSocketAddress.of(path));
                channel.write(ByteBuffer.wrap("unix\n".getBytes(StandardCharsets.UTF_8)));
                InputStream in = Channels.newInputStream(channel);
                assertThat(new String(in.readNBytes(5), StandardCharsets.UTF_8)).isEqualTo("UNIX\n");
            }
        }
        assertThat(path).doesNotExist();
    }

    @ParameterizedTest
    @MethodSource("models")
    void udpServersAnswerUnderEveryModel(Dispatch dispatch) throws Exception {
        try (UdpServer server = new UdpServer(Endpoint.parse("udp://127.0.0.1:0"), UpperDatagram::new,
                ServerConfig.DEFAULTS.withDispatch(dispatch));
                java.net.DatagramSocket client = new java.net.DatagramSocket()) {
            serve(server);
            client.setSoTimeout(10_000);
            InetEndpoint endpoint = (InetEndpoint) server.endpoint();
            byte[] message = " datagram \n".getBytes(StandardCharsets.UTF_8);
            client.send(new DatagramPacket(message, message.length, new InetSocketAddress(endpoint.host(), endpoint.port())));
            DatagramPacket reply = new DatagramPacket(new byte[100], 100);
            client.receive(reply);
            assertThat(new String(reply.getData(), 0, reply.getLength(), StandardCharsets.UTF_8)).isEqualTo("DATAGRAM");
        }
    }

    @ParameterizedTest
    @MethodSource("models")
    void unixDatagramServersAnswerUnderEveryModel(Dispatch dispatch) throws Exception {
        Assumptions.assumeTrue(Backends.unixDatagramCapable().isPresent(), "needs the native Linux backend");
        Path serverPath = dir.resolve("g.sock");
        Path clientPath = dir.resolve("c.sock");
        BlockingQueue<String> replies = new ArrayBlockingQueue<>(1);
        // the client is a Unix datagram server too: the JDK has no Unix datagram client either
        try (UnixDatagramServer server = new UnixDatagramServer(new UnixDatagramEndpoint(serverPath), UpperDatagram::new,
                ServerConfig.DEFAULTS.withDispatch(dispatch));
                UnixDatagramServer client = new UnixDatagramServer(new UnixDatagramEndpoint(clientPath),
                        () -> new DatagramRequestHandler() {
                            @Override
                            public void handle() {
                                replies.add(new String(data(), StandardCharsets.UTF_8));
                            }
                        }, ServerConfig.DEFAULTS.withDispatch(Dispatch.iterative()))) {
            serve(server);
            serve(client);
            client.send(" gram ".getBytes(StandardCharsets.UTF_8), UnixDomainSocketAddress.of(serverPath));
            assertThat(replies.poll(10, TimeUnit.SECONDS)).isEqualTo("GRAM");
        }
        assertThat(serverPath).doesNotExist();
    }

    @Test
    void iterativeReallySerialisesAndThreadedModelsReallyOverlap() throws Exception {
        for (Dispatch dispatch : List.of(Dispatch.threads(4), Dispatch.virtual())) {
            CyclicBarrier both = new CyclicBarrier(2);
            try (TcpServer server = new TcpServer(Endpoint.parse("tcp://127.0.0.1:0"), () -> new StreamRequestHandler() {
                @Override
                public void handle() throws Exception {
                    both.await(10, TimeUnit.SECONDS); // only returns if two handlers run at once
                    write("met\n");
                }
            }, ServerConfig.DEFAULTS.withDispatch(dispatch))) {
                serve(server);
                try (Socket a = client(server); Socket b = client(server)) {
                    assertThat(new String(a.getInputStream().readNBytes(4), StandardCharsets.UTF_8)).isEqualTo("met\n");
                    assertThat(new String(b.getInputStream().readNBytes(4), StandardCharsets.UTF_8)).isEqualTo("met\n");
                }
            }
        }
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger started = new AtomicInteger();
        try (TcpServer server = new TcpServer(Endpoint.parse("tcp://127.0.0.1:0"), () -> new StreamRequestHandler() {
            @Override
            public void handle() throws Exception {
                started.incrementAndGet();
                release.await(10, TimeUnit.SECONDS);
                write("done\n");
            }
        }, ServerConfig.DEFAULTS.withDispatch(Dispatch.iterative()))) {
            serve(server);
            try (Socket first = client(server); Socket second = client(server)) {
                org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> started.get() == 1);
                // the second connection is accepted by the kernel but not handled while the first is
                assertThat(second.getInputStream().available()).isZero();
                assertThat(started).hasValue(1);
                release.countDown();
                assertThat(new String(first.getInputStream().readNBytes(5), StandardCharsets.UTF_8)).isEqualTo("done\n");
                assertThat(new String(second.getInputStream().readNBytes(5), StandardCharsets.UTF_8)).isEqualTo("done\n");
                assertThat(started).hasValue(2);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("models")
    void aFailingHandlerIsReportedWithThePeerAndFinishStillRuns(Dispatch dispatch) throws Exception {
        BlockingQueue<String> errors = new ArrayBlockingQueue<>(4);
        AtomicInteger finished = new AtomicInteger();
        class Failing extends StreamRequestHandler {
            @Override
            public void handle() throws IOException {
                if ("boom".equals(readLine())) {
                    throw new IllegalStateException("handler failed (expected by the test)");
                }
                write("fine\n");
            }

            @Override
            public void finish() throws IOException {
                finished.incrementAndGet();
                super.finish();
            }
        }
        try (TcpServer server = new TcpServer(Endpoint.parse("tcp://127.0.0.1:0"), Failing::new,
                ServerConfig.DEFAULTS.withDispatch(dispatch)) {
            @Override
            protected void handleError(SocketAddress client, Throwable error) {
                errors.add(client + " " + error.getMessage());
            }
        }) {
            serve(server);
            try (Socket bad = client(server)) {
                bad.getOutputStream().write("boom\n".getBytes(StandardCharsets.UTF_8));
                assertThat(bad.getInputStream().read()).isEqualTo(-1);
            }
            try (Socket good = client(server)) {
                good.getOutputStream().write("ok\n".getBytes(StandardCharsets.UTF_8));
                assertThat(new String(good.getInputStream().readNBytes(5), StandardCharsets.UTF_8)).isEqualTo("fine\n");
            }
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> finished.get() == 2);
            assertThat(server.stats().errors()).isEqualTo(1);
        }
        assertThat(errors).singleElement().asString().startsWith("/127.0.0.1:").contains("handler failed");
    }

    @Test
    void handleRequestWaitsItsTimeoutThenCallsHandleTimeout() throws Exception {
        AtomicInteger timeouts = new AtomicInteger();
        try (TcpServer server = new TcpServer(Endpoint.parse("tcp://127.0.0.1:0"), UpperLines::new,
                ServerConfig.DEFAULTS.withTimeout(Duration.ofMillis(50)).withDispatch(Dispatch.iterative())) {
            @Override
            protected void handleTimeout() {
                timeouts.incrementAndGet();
            }
        }) {
            assertThat(server.handleRequest()).isFalse();
            assertThat(timeouts).hasValue(1);
            try (Socket socket = client(server)) {
                socket.getOutputStream().write("one\n".getBytes(StandardCharsets.UTF_8));
                socket.shutdownOutput();
                assertThat(server.handleRequest()).isTrue(); // iterative: handled on this thread
                assertThat(new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("ONE\n");
            }
        }
        assertThat(timeouts).hasValue(1);
    }

    @ParameterizedTest
    @MethodSource("models")
    void shutdownFromInsideAHandlerStopsTheLoopWithoutDeadlock(Dispatch dispatch) throws Exception {
        try (TcpServer server = new TcpServer(Endpoint.parse("tcp://127.0.0.1:0"), () -> new StreamRequestHandler() {
            @Override
            public void handle() throws IOException {
                server().shutdown();
                write("bye\n");
            }
        }, ServerConfig.DEFAULTS.withDispatch(dispatch))) {
            Thread serving = serve(server);
            try (Socket socket = client(server)) {
                assertThat(new String(socket.getInputStream().readNBytes(4), StandardCharsets.UTF_8)).isEqualTo("bye\n");
            }
            serving.join(10_000);
            assertThat(serving.isAlive()).as("serveForever returned").isFalse();
        }
    }

    @ParameterizedTest
    @MethodSource("models")
    void closeWaitsForRequestsInFlight(Dispatch dispatch) throws Exception {
        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        TcpServer server = new TcpServer(Endpoint.parse("tcp://127.0.0.1:0"), () -> new StreamRequestHandler() {
            @Override
            public void handle() throws Exception {
                inside.countDown();
                release.await(10, TimeUnit.SECONDS);
                write("finished\n");
            }
        }, ServerConfig.DEFAULTS.withDispatch(dispatch).withShutdownGrace(Duration.ofSeconds(10)));
        Thread serving = serve(server);
        try (Socket socket = client(server)) {
            socket.getOutputStream().write('x');
            assertThat(inside.await(10, TimeUnit.SECONDS)).isTrue();
            CompletableFuture<Void> closing = CompletableFuture.runAsync(server::close);
            if (!(dispatch instanceof Dispatch.Iterative)) {
                // the serving loop stops while the request goes on; close waits for it
                serving.join(10_000);
                assertThat(closing).isNotDone();
            }
            release.countDown();
            assertThat(new String(socket.getInputStream().readNBytes(9), StandardCharsets.UTF_8)).isEqualTo("finished\n");
            closing.get(10, TimeUnit.SECONDS);
        }
        assertThat(server.requestsInFlight()).isZero();
    }

    @Test
    void aSilentClientHitsTheReadTimeoutAndTheServerServesOn() throws Exception {
        BlockingQueue<Throwable> errors = new ArrayBlockingQueue<>(1);
        try (TcpServer server = new TcpServer(Endpoint.parse("tcp://127.0.0.1:0"), UpperLines::new,
                ServerConfig.DEFAULTS.withDispatch(Dispatch.virtual()).withReadTimeout(Duration.ofMillis(200))) {
            @Override
            protected void handleError(SocketAddress client, Throwable error) {
                errors.add(error);
            }
        }) {
            serve(server);
            try (Socket silent = client(server)) {
                assertThat(errors.poll(10, TimeUnit.SECONDS)).isInstanceOf(java.net.SocketTimeoutException.class);
                assertThat(silent.getInputStream().read()).isEqualTo(-1); // the server closed it
            }
            try (Socket talker = client(server)) {
                assertThat(ask(talker, "still")).isEqualTo("STILL");
            }
        }
    }

    @Test
    void ipv6ServersWork() throws Exception {
        boolean ipv6;
        try (java.net.ServerSocket probe = new java.net.ServerSocket(0, 1, InetAddress.getByName("::1"))) {
            ipv6 = true;
        } catch (IOException e) {
            ipv6 = false;
        }
        Assumptions.assumeTrue(ipv6, "no IPv6 loopback");
        try (TcpServer server = new TcpServer(Endpoint.parse("tcp://[::1]:0"), UpperLines::new)) {
            serve(server);
            try (Socket socket = client(server)) {
                assertThat(ask(socket, "six")).isEqualTo("SIX");
            }
        }
    }

    @Test
    void theAccessPolicyRefusesDeniedPeersAndServesOthers() throws Exception {
        try (TcpServer server = new TcpServer(Endpoint.parse("tcp://127.0.0.1:0"), UpperLines::new,
                ServerConfig.DEFAULTS.withAccess(AccessPolicy.parse(List.of(), List.of("127.0.0.2"))))) {
            serve(server);
            InetEndpoint endpoint = (InetEndpoint) server.endpoint();
            try (Socket denied = new Socket()) {
                denied.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.2"), 0));
                denied.connect(new InetSocketAddress(endpoint.host(), endpoint.port()));
                denied.setSoTimeout(10_000);
                denied.getOutputStream().write("hi\n".getBytes(StandardCharsets.UTF_8));
                assertThat(endOrReset(denied)).isTrue();
            }
            try (Socket allowed = client(server)) {
                assertThat(ask(allowed, "hi")).isEqualTo("HI");
            }
            assertThat(server.stats().refusedConnections()).isEqualTo(1);
        }
    }

    private static boolean endOrReset(Socket socket) throws IOException {
        try {
            return socket.getInputStream().read() == -1;
        } catch (java.net.SocketException reset) {
            return true;
        }
    }

}
