package io.switchboard.reactor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.endpoint.Endpoint;
import io.switchboard.endpoint.InetEndpoint;
import io.switchboard.endpoint.UnixDatagramEndpoint;
import io.switchboard.endpoint.UnixEndpoint;
import io.switchboard.io.Backend;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.BindException;
import java.net.DatagramPacket;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reactor's behaviour, run against every backend: each poller's test extends this class and
 * names its backend.
 */
@Timeout(30)
abstract class ReactorContract {

    /** The backend under test. */
    protected abstract Backend backend();

    private final Reactor reactor = Reactor.builder().loops(2).name("test").backend(backend()).build();

    private long descriptorsBefore;

    @org.junit.jupiter.api.BeforeEach
    void countDescriptors() {
        descriptorsBefore = openDescriptors();
    }

    @AfterEach
    void stopAndCheckForLeaks() {
        reactor.close();
        // every socket, poller and eventfd this test opened is closed again (the reactor's own
        // pollers were opened before the count, so the count may drop below it)
        org.awaitility.Awaitility.await("descriptors back to " + descriptorsBefore).atMost(Duration.ofSeconds(5))
                .until(() -> openDescriptors() <= descriptorsBefore);
    }

    static long openDescriptors() {
        try (var entries = java.nio.file.Files.list(Path.of("/proc/self/fd"))) {
            return entries.count();
        } catch (IOException e) {
            return 0; // not Linux: nothing to compare
        }
    }

    private static Socket connect(Listener listener) throws IOException {
        InetEndpoint endpoint = (InetEndpoint) listener.endpoint();
        Socket socket = new Socket(endpoint.host(), endpoint.port());
        socket.setSoTimeout(10_000);
        return socket;
    }

    private static String readN(InputStream in, int n) throws IOException {
        return new String(in.readNBytes(n), StandardCharsets.UTF_8);
    }

    @Test
    void echoesOverTcpAndReportsTheRealPort() throws Exception {
        Listener listener = reactor.listen(Endpoint.parse("tcp://127.0.0.1:0"), remote -> new EchoProtocol());
        assertThat(((InetEndpoint) listener.endpoint()).port()).isPositive();
        try (Socket socket = connect(listener)) {
            socket.getOutputStream().write("hello\n".getBytes(StandardCharsets.UTF_8));
            assertThat(readN(socket.getInputStream(), 6)).isEqualTo("hello\n");
        }
    }

    @Test
    void echoesOverIpv6() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(ipv6Loopback(), "no IPv6 loopback on this machine");
        Listener listener = reactor.listen(Endpoint.parse("tcp://[::1]:0"), remote -> new EchoProtocol());
        assertThat(listener.endpoint().toString()).startsWith("tcp://[");
        InetEndpoint endpoint = (InetEndpoint) listener.endpoint();
        try (Socket socket = new Socket(endpoint.host(), endpoint.port())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write("six".getBytes(StandardCharsets.UTF_8));
            assertThat(readN(socket.getInputStream(), 3)).isEqualTo("six");
        }
    }

    private static boolean ipv6Loopback() {
        try (java.net.ServerSocket probe = new java.net.ServerSocket(0, 1, java.net.InetAddress.getByName("::1"))) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @Test
    void echoesManyConnectionsSpreadOverLoops() throws Exception {
        List<String> loops = java.util.Collections.synchronizedList(new ArrayList<>());
        Listener listener = reactor.listen(Endpoint.parse("tcp://127.0.0.1:0"), remote -> new EchoProtocol() {
            @Override
            public void connectionMade(Transport t) {
                super.connectionMade(t);
                loops.add(Thread.currentThread().getName());
            }
        });
        List<Socket> sockets = new ArrayList<>();
        try {
            for (int i = 0; i < 20; i++) {
                sockets.add(connect(listener));
            }
            for (int i = 0; i < sockets.size(); i++) {
                sockets.get(i).getOutputStream().write(("m" + i).getBytes(StandardCharsets.UTF_8));
            }
            for (int i = 0; i < sockets.size(); i++) {
                String expected = "m" + i;
                assertThat(readN(sockets.get(i).getInputStream(), expected.length())).isEqualTo(expected);
            }
        } finally {
            for (Socket socket : sockets) {
                socket.close();
            }
        }
        assertThat(loops).hasSize(20).contains("test-loop-0", "test-loop-1");
    }

    @Test
    void backpressureLosesNothingWhenThePeerReadsLate() throws Exception {
        Listener listener = reactor.listen(Endpoint.parse("tcp://127.0.0.1:0"), remote -> new EchoProtocol());
        byte[] payload = new byte[16 * 1024 * 1024];
        new Random(42).nextBytes(payload);
        try (Socket socket = connect(listener)) {
            CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
                try {
                    socket.getOutputStream().write(payload);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            byte[] back = socket.getInputStream().readNBytes(payload.length);
            writer.get(20, TimeUnit.SECONDS);
            assertThat(Arrays.equals(back, payload)).isTrue();
        }
        // echo never queued more than the limit: it paused reading instead of failing
        assertThat(listener.stats().errors()).isZero();
        assertThat(listener.stats().bytesIn()).isEqualTo(payload.length);
    }

    @Test
    void aPeerThatNeverReadsIsClosedAtTheHardLimitAndOthersKeepBeingServed() throws Exception {
        BlockingQueue<CloseReason> reasons = new ArrayBlockingQueue<>(4);
        Listener flood = reactor.listen(Endpoint.parse("tcp://127.0.0.1:0"), remote -> new Protocol() {
            @Override
            public void connectionMade(Transport t) {
                byte[] chunk = new byte[64 * 1024];
                for (int i = 0; i < 200 && t.isOpen(); i++) {
                    t.write(chunk); // ignores writability on purpose: 12.5 MiB into a 4 MiB queue
                }
            }

            @Override
            public void dataReceived(ByteBuffer data) {
            }

            @Override
            public void connectionLost(CloseReason reason) {
                reasons.add(reason);
            }
        });
        Listener echo = reactor.listen(Endpoint.parse("tcp://127.0.0.1:0"), remote -> new EchoProtocol());
        try (Socket silent = connect(flood); Socket other = connect(echo)) {
            assertThat(reasons.poll(10, TimeUnit.SECONDS)).isInstanceOf(CloseReason.Overloaded.class)
                    .extracting(CloseReason::describe).asString().contains("4194304");
            other.getOutputStream().write("still here".getBytes(StandardCharsets.UTF_8));
            assertThat(readN(other.getInputStream(), 10)).isEqualTo("still here");
        }
    }

    @Test
    void writesFromOtherThreadsArriveInOrder() throws Exception {
        CompletableFuture<Transport> made = new CompletableFuture<>();
        Listener listener = reactor.listen(Endpoint.parse("tcp://127.0.0.1:0"), remote -> new Protocol() {
            @Override
            public void connectionMade(Transport t) {
                made.complete(t);
            }

            @Override
            public void dataReceived(ByteBuffer data) {
            }
        });
        try (Socket socket = connect(listener)) {
            Transport transport = made.get(5, TimeUnit.SECONDS);
            StringBuilder expected = new StringBuilder();
            for (int i = 0; i < 1000; i++) {
                String line = "line " + i + "\n";
                expected.append(line);
                transport.write(line.getBytes(StandardCharsets.UTF_8));
            }
            transport.loseConnection();
            String received = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(received).isEqualTo(expected.toString());
        }
    }

    /** A file of {@code size} random bytes: over the reactor's per-flush file chunk when large. */
    private static byte[] randomFile(Path file, int size) throws IOException {
        byte[] bytes = new byte[size];
        new Random(size).nextBytes(bytes);
        java.nio.file.Files.write(file, bytes);
        return bytes;
    }

    @Test
    void aFileIsSentBetweenTheWritesAroundIt(@TempDir Path dir) throws Exception {
        byte[] content = randomFile(dir.resolve("f"), 3 * 1024 * 1024 + 7);
        CompletableFuture<Long> sent = new CompletableFuture<>();
        try (java.nio.channels.FileChannel file = java.nio.channels.FileChannel.open(dir.resolve("f"))) {
            Listener listener = reactor.listen(Endpoint.parse("tcp://127.0.0.1:0"), remote -> new Protocol() {
                @Override
                public void connectionMade(Transport t) {
                    t.write("head".getBytes(StandardCharsets.UTF_8));
                    t.sendFile(file, 5, content.length - 5).whenComplete((n, failure) -> {
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
                public void dataReceived(ByteBuffer data) {
                }
            });
            try (Socket socket = connect(listener)) {
                byte[] received = socket.getInputStream().readAllBytes();
                byte[] expected = new byte[4 + content.length - 5 + 4];
                System.arraycopy("head".getBytes(StandardCharsets.UTF_8), 0, expected, 0, 4);
                System.arraycopy(content, 5, expected, 4, content.length - 5);
                System.arraycopy("tail".getBytes(StandardCharsets.UTF_8), 0, expected, expected.length - 4, 4);
                assertThat(received.length).isEqualTo(expected.length);
                assertThat(Arrays.equals(received, expected)).isTrue();
            }
            assertThat(sent.get(5, TimeUnit.SECONDS)).isEqualTo(content.length - 5L);
        }
    }

    @Test
    void filesSentFromAnotherThreadKeepTheirPlaceAndAnEmptySliceCompletes(@TempDir Path dir) throws Exception {
        byte[] content = randomFile(dir.resolve("f"), 200_001);
        CompletableFuture<Transport> made = new CompletableFuture<>();
        Listener listener = reactor.listen(Endpoint.parse("tcp://127.0.0.1:0"), remote -> new Protocol() {
            @Override
            public void connectionMade(Transport t) {
                made.complete(t);
            }

            @Override
            public void dataReceived(ByteBuffer data) {
            }
        });
        try (java.nio.channels.FileChannel file = java.nio.channels.FileChannel.open(dir.resolve("f"));
                Socket socket = connect(listener)) {
            Transport transport = made.get(5, TimeUnit.SECONDS);
            List<java.util.concurrent.CompletionStage<Long>> stages = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                transport.write(("<" + i + ">").getBytes(StandardCharsets.UTF_8));
                stages.add(transport.sendFile(file, 0, content.length));
            }
            stages.add(transport.sendFile(file, content.length, 0));
            transport.loseConnection();
            java.io.DataInputStream in = new java.io.DataInputStream(socket.getInputStream());
            for (int i = 0; i < 3; i++) {
                assertThat(readN(in, 3)).isEqualTo("<" + i + ">");
                byte[] copy = new byte[content.length];
                in.readFully(copy);
                assertThat(Arrays.equals(copy, content)).as("copy %d", i).isTrue();
            }
            assertThat(in.read()).isEqualTo(-1);
            for (var stage : stages.subList(0, 3)) {
                assertThat(stage.toCompletableFuture().get(5, TimeUnit.SECONDS)).isEqualTo((long) content.length);
            }
            assertThat(stages.get(3).toCompletableFuture().get(5, TimeUnit.SECONDS)).isZero();
        }
    }

    @Test
    void aFileStillQueuedWhenThePeerGoesAwayFailsItsStageAndTheConnectionCloses(@TempDir Path dir) throws Exception {
        randomFile(dir.resolve("f"), 8 * 1024 * 1024);
        CompletableFuture<java.util.concurrent.CompletionStage<Long>> stage = new CompletableFuture<>();
        BlockingQueue<CloseReason> reasons = new ArrayBlockingQueue<>(1);
        try (java.nio.channels.FileChannel file = java.nio.channels.FileChannel.open(dir.resolve("f"))) {
            Listener listener = reactor.listen(Endpoint.parse("tcp://127.0.0.1:0"), remote -> new Protocol() {
                @Override
                public void connectionMade(Transport t) {
                    stage.complete(t.sendFile(file, 0, 8 * 1024 * 1024));
                }

                @Override
                public void dataReceived(ByteBuffer data) {
                }

                @Override
                public void connectionLost(CloseReason reason) {
                    reasons.add(reason);
                }
            });
            try (Socket socket = connect(listener)) {
                socket.getInputStream().readNBytes(1000); // the transfer has started, then the peer leaves
                socket.setSoLinger(true, 0);
            }
            var failed = stage.get(5, TimeUnit.SECONDS).toCompletableFuture();
            assertThatThrownBy(() -> failed.get(5, TimeUnit.SECONDS))
                    .hasCauseInstanceOf(IOException.class);
            assertThat(reasons.poll(5, TimeUnit.SECONDS)).isNotNull();
        }
    }

    @Test
    void aFileShorterThanPromisedFailsItsStageAndClosesTheConnection(@TempDir Path dir) throws Exception {
        randomFile(dir.resolve("f"), 1000);
        CompletableFuture<java.util.concurrent.CompletionStage<Long>> stage = new CompletableFuture<>();
        try (java.nio.channels.FileChannel file = java.nio.channels.FileChannel.open(dir.resolve("f"))) {
            Listener listener = reactor.listen(Endpoint.parse("tcp://127.0.0.1:0"), remote -> new Protocol() {
                @Override
                public void connectionMade(Transport t) {
                    stage.complete(t.sendFile(file, 0, 5000));
                }

                @Override
                public void dataReceived(ByteBuffer data) {
                }
            });
            try (Socket socket = connect(listener)) {
                assertThat(socket.getInputStream().readAllBytes()).hasSize(1000);
            }
            var failed = stage.get(5, TimeUnit.SECONDS).toCompletableFuture();
            assertThatThrownBy(() -> failed.get(5, TimeUnit.SECONDS)).hasRootCauseInstanceOf(java.io.EOFException.class);
        }
    }

    @Test
    void halfCloseLetsTheProtocolAnswerAfterThePeersEnd() throws Exception {
        Listener listener = reactor.listen(Endpoint.parse("tcp://127.0.0.1:0"), remote -> new Protocol() {
            private Transport transport;
            private int count;

            @Override
            public void connectionMade(Transport t) {
                transport = t;
            }

            @Override
            public void dataReceived(ByteBuffer data) {
                count += data.remaining();
            }

            @Override
            public void readEnded(Transport t) {
                t.write(("got " + count).getBytes(StandardCharsets.UTF_8));
                t.loseConnection();
            }
        });
        try (Socket socket = connect(listener)) {
            socket.getOutputStream().write(new byte[12345]);
            socket.shutdownOutput();
            assertThat(new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("got 12345");
        }
    }

    @Test
    void gracefulShutdownLetsProtocolsSayGoodbye() throws Exception {
        CountDownLatch connected = new CountDownLatch(3);
        Listener listener = reactor.listen(Endpoint.parse("tcp://127.0.0.1:0"), remote -> new Protocol() {
            @Override
            public void connectionMade(Transport t) {
                connected.countDown();
            }

            @Override
            public void dataReceived(ByteBuffer data) {
            }

            @Override
            public void stopRequested(Transport t) {
                t.write("Shutdown\n".getBytes(StandardCharsets.UTF_8));
                t.loseConnection();
            }
        });
        List<Socket> sockets = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            sockets.add(connect(listener));
        }
        assertThat(connected.await(5, TimeUnit.SECONDS)).isTrue();
        CompletableFuture<Boolean> stopped = CompletableFuture.supplyAsync(() -> reactor.shutdown(Duration.ofSeconds(5)));
        for (Socket socket : sockets) {
            try (socket) {
                assertThat(new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8))
                        .isEqualTo("Shutdown\n");
            }
        }
        assertThat(stopped.get(10, TimeUnit.SECONDS)).isTrue();
        assertThat(reactor.loops()).allSatisfy(loop -> assertThat(((Loop) loop).terminated()).isDone());
    }

    @Test
    void shutdownAbortsWhatIsStillOpenAtTheDeadline() throws Exception {
        CountDownLatch connected = new CountDownLatch(1);
        BlockingQueue<CloseReason> reasons = new ArrayBlockingQueue<>(1);
        Listener listener = reactor.listen(Endpoint.parse("tcp://127.0.0.1:0"), remote -> new Protocol() {
            @Override
            public void connectionMade(Transport t) {
                connected.countDown();
            }

            @Override
            public void dataReceived(ByteBuffer data) {
            }

            @Override
            public void stopRequested(Transport t) {
                // stubborn: ignores the request
            }

            @Override
            public void connectionLost(CloseReason reason) {
                reasons.add(reason);
            }
        });
        try (Socket socket = connect(listener)) {
            assertThat(connected.await(5, TimeUnit.SECONDS)).isTrue();
            assertThat(reactor.shutdown(Duration.ofMillis(200))).isFalse();
            assertThat(reasons.poll(5, TimeUnit.SECONDS)).isInstanceOf(CloseReason.Aborted.class);
        }
    }

    @Test
    void aThrowingProtocolLosesOnlyItsOwnConnection() throws Exception {
        Listener listener = reactor.listen(Endpoint.parse("tcp://127.0.0.1:0"), remote -> new EchoProtocol() {
            @Override
            public void dataReceived(ByteBuffer data) {
                if (data.get(data.position()) == '!') {
                    throw new IllegalStateException("boom (expected by the test)");
                }
                super.dataReceived(data);
            }
        });
        try (Socket bad = connect(listener); Socket good = connect(listener)) {
            bad.getOutputStream().write('!');
            assertThat(endOfStreamOrReset(bad)).isTrue(); // aborted: the peer sees a reset
            good.getOutputStream().write("ok".getBytes(StandardCharsets.UTF_8));
            assertThat(readN(good.getInputStream(), 2)).isEqualTo("ok");
        }
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5))
                .until(() -> listener.stats().errors() == 1);
    }

    @Test
    void aFactoryReturningNullRefusesTheConnection() throws Exception {
        Listener listener = reactor.listen(Endpoint.parse("tcp://127.0.0.1:0"), remote -> null);
        try (Socket socket = connect(listener)) {
            assertThat(socket.getInputStream().read()).isEqualTo(-1);
        }
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5))
                .until(() -> listener.stats().refusedConnections() == 1);
    }

    @Test
    void aPortInUseNamesTheEndpoint() throws Exception {
        Listener first = reactor.listen(Endpoint.parse("tcp://127.0.0.1:0"), remote -> new EchoProtocol());
        assertThatThrownBy(() -> reactor.listen(first.endpoint(), remote -> new EchoProtocol()))
                .isInstanceOf(BindException.class)
                .hasMessageContaining(first.endpoint().toString());
    }

    @Test
    void echoesOverUdp() throws Exception {
        DatagramTransport udp = reactor.bindDatagram(Endpoint.parse("udp://127.0.0.1:0"), new DatagramProtocol() {
            private DatagramTransport transport;

            @Override
            public void started(DatagramTransport t) {
                transport = t;
            }

            @Override
            public void datagramReceived(ByteBuffer data, SocketAddress sender) {
                transport.send(data, sender);
            }
        });
        try (java.net.DatagramSocket client = new java.net.DatagramSocket()) {
            client.setSoTimeout(10_000);
            byte[] message = "ping".getBytes(StandardCharsets.UTF_8);
            client.send(new DatagramPacket(message, message.length, udp.localAddress()));
            DatagramPacket reply = new DatagramPacket(new byte[100], 100);
            client.receive(reply);
            assertThat(new String(reply.getData(), 0, reply.getLength(), StandardCharsets.UTF_8)).isEqualTo("ping");
        }
    }

    @Test
    void echoesOverAUnixDatagramSocketWhereTheBackendHasOne(@TempDir Path dir) throws Exception {
        org.junit.jupiter.api.Assumptions.assumeFalse(backend().name().equals("nio"),
                "the JDK has no Unix datagram sockets");
        Path server = dir.resolve("server.sock");
        Path client = dir.resolve("client.sock");
        BlockingQueue<String> replies = new ArrayBlockingQueue<>(1);
        DatagramProtocol echo = new DatagramProtocol() {
            private DatagramTransport transport;

            @Override
            public void started(DatagramTransport t) {
                transport = t;
            }

            @Override
            public void datagramReceived(ByteBuffer data, SocketAddress sender) {
                transport.send(data, sender);
            }
        };
        reactor.bindDatagram(new UnixDatagramEndpoint(server), echo);
        DatagramTransport sender = reactor.bindDatagram(new UnixDatagramEndpoint(client), (data, from) ->
                replies.add(StandardCharsets.UTF_8.decode(data) + " from " + from));
        sender.send(ByteBuffer.wrap("datagram".getBytes(StandardCharsets.UTF_8)), UnixDomainSocketAddress.of(server));
        assertThat(replies.poll(5, TimeUnit.SECONDS)).isEqualTo("datagram from " + server);
        sender.close();
        assertThat(client).doesNotExist();
    }

    @Test
    void echoesOverAUnixSocketAndRemovesItsFile(@TempDir Path dir) throws Exception {
        Path path = dir.resolve("echo.sock");
        Listener listener = reactor.listen(new UnixEndpoint(path), remote -> new EchoProtocol());
        try (SocketChannel client = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            client.connect(UnixDomainSocketAddress.of(path));
            client.write(ByteBuffer.wrap("unix".getBytes(StandardCharsets.UTF_8)));
            ByteBuffer back = ByteBuffer.allocate(4);
            while (back.hasRemaining()) {
                assertThat(client.read(back)).isNotNegative();
            }
            assertThat(new String(back.array(), StandardCharsets.UTF_8)).isEqualTo("unix");
        }
        listener.close();
        assertThat(path).doesNotExist();
    }

    @Test
    void connectsOutboundAndFailsClearlyWhenRefused() throws Exception {
        Listener listener = reactor.listen(Endpoint.parse("tcp://127.0.0.1:0"), remote -> new EchoProtocol());
        BlockingQueue<String> received = new ArrayBlockingQueue<>(1);
        Transport client = reactor.connect(listener.endpoint(), new Protocol() {
            @Override
            public void connectionMade(Transport t) {
                t.write("round trip".getBytes(StandardCharsets.UTF_8));
            }

            @Override
            public void dataReceived(ByteBuffer data) {
                received.add(StandardCharsets.UTF_8.decode(data).toString());
            }
        }).get(5, TimeUnit.SECONDS);
        assertThat(received.poll(5, TimeUnit.SECONDS)).isEqualTo("round trip");
        client.loseConnection();

        int closedPort;
        try (java.net.ServerSocket probe = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = probe.getLocalPort();
        }
        CompletableFuture<Transport> refused = reactor.connect(Endpoint.parse("tcp://127.0.0.1:" + closedPort),
                new EchoProtocol());
        assertThat(refused).failsWithin(Duration.ofSeconds(5)).withThrowableThat()
                .withMessageContaining("127.0.0.1:" + closedPort);
    }

    @Test
    void timersRunOnTheLoopAndCanBeCancelled() throws Exception {
        CountDownLatch ticks = new CountDownLatch(3);
        AtomicInteger cancelledRuns = new AtomicInteger();
        EventLoop loop = reactor.nextLoop();
        Timer cancelled = loop.schedule(Duration.ofMillis(50), cancelledRuns::incrementAndGet);
        cancelled.cancel();
        CompletableFuture<Boolean> onLoop = new CompletableFuture<>();
        Timer periodic = loop.every(Duration.ofMillis(10), () -> {
            onLoop.complete(loop.inEventLoop());
            ticks.countDown();
        });
        assertThat(ticks.await(5, TimeUnit.SECONDS)).isTrue();
        periodic.cancel();
        assertThat(onLoop.get()).isTrue();
        CountDownLatch later = new CountDownLatch(1);
        loop.schedule(Duration.ofMillis(100), later::countDown);
        assertThat(later.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(cancelledRuns).hasValue(0);
    }

    @Test
    void writingAfterTheReactorStoppedIsRefusedNotLost() throws Exception {
        reactor.close();
        assertThatThrownBy(() -> reactor.listen(Endpoint.parse("tcp://127.0.0.1:0"), remote -> new EchoProtocol()))
                .isInstanceOf(IOException.class).hasMessageContaining("stopped");
        assertThatThrownBy(() -> reactor.nextLoop().execute(() -> { }))
                .isInstanceOf(java.util.concurrent.RejectedExecutionException.class);
    }

    private static boolean endOfStreamOrReset(Socket socket) throws IOException {
        try {
            return socket.getInputStream().read() == -1;
        } catch (java.net.SocketException reset) {
            return true;
        }
    }

    @SuppressWarnings("unused")
    private static void send(OutputStream out, String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
    }

    @SuppressWarnings("unused")
    private static InetSocketAddress address(Listener listener) {
        InetEndpoint endpoint = (InetEndpoint) listener.endpoint();
        return new InetSocketAddress(endpoint.host(), endpoint.port());
    }
}
