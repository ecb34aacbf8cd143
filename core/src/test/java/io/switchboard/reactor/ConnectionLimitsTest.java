package io.switchboard.reactor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.endpoint.Endpoint;
import io.switchboard.endpoint.InetEndpoint;
import io.switchboard.limits.ConnectionLimits;
import io.switchboard.metrics.TrafficStats;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class ConnectionLimitsTest {

    private final Reactor reactor = Reactor.builder().loops(2).name("limits")
            .transportConfig(TransportConfig.DEFAULTS.withMaxQueuedBytes(256L * 1024 * 1024)).build();
    private final BlockingQueue<CloseReason> reasons = new ArrayBlockingQueue<>(16);

    @AfterEach
    void stop() {
        reactor.close();
    }

    private Listener listen(ConnectionLimits limits, TrafficStats stats) throws IOException {
        return reactor.listen(Endpoint.parse("tcp://127.0.0.1:0"), remote -> new EchoProtocol() {
            @Override
            public void connectionLost(CloseReason reason) {
                reasons.add(reason);
            }
        }, stats, limits);
    }

    private static Socket connect(Listener listener, String fromAddress) throws IOException {
        InetEndpoint endpoint = (InetEndpoint) listener.endpoint();
        Socket socket = new Socket();
        socket.bind(new InetSocketAddress(InetAddress.getByName(fromAddress), 0));
        socket.connect(new InetSocketAddress(endpoint.host(), endpoint.port()), 5_000);
        socket.setSoTimeout(10_000);
        return socket;
    }

    private static boolean echoes(Socket socket) throws IOException {
        try {
            socket.getOutputStream().write('x');
            return socket.getInputStream().read() == 'x';
        } catch (SocketException reset) {
            return false;
        }
    }

    @Test
    void connectionsOverTheTotalCapAreRefusedUntilOneCloses() throws Exception {
        TrafficStats stats = new TrafficStats();
        Listener listener = listen(ConnectionLimits.DEFAULTS.withMaxConnections(2), stats);
        try (Socket first = connect(listener, "127.0.0.1"); Socket second = connect(listener, "127.0.0.1")) {
            assertThat(echoes(first)).isTrue();
            assertThat(echoes(second)).isTrue();
            try (Socket third = connect(listener, "127.0.0.1")) {
                assertThat(echoes(third)).isFalse();
            }
            Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> stats.refusedConnections() == 1);
            first.close();
            Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> stats.openConnections() == 1);
            try (Socket fourth = connect(listener, "127.0.0.1")) {
                assertThat(echoes(fourth)).isTrue();
            }
        }
    }

    @Test
    void thePerAddressCapRefusesOneAddressAndServesAnother() throws Exception {
        TrafficStats stats = new TrafficStats();
        Listener listener = listen(ConnectionLimits.DEFAULTS.withMaxConnectionsPerAddress(1), stats);
        try (Socket first = connect(listener, "127.0.0.1"); Socket again = connect(listener, "127.0.0.1");
                Socket other = connect(listener, "127.0.0.2")) {
            assertThat(echoes(first)).isTrue();
            assertThat(echoes(again)).isFalse();
            assertThat(echoes(other)).isTrue();
        }
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> stats.refusedConnections() == 1);
    }

    @Test
    void theAccessPolicyRefusesDeniedPeersAtAcceptAndServesOthers() throws Exception {
        TrafficStats stats = new TrafficStats();
        Listener listener = listen(ConnectionLimits.DEFAULTS.withAccess(io.switchboard.access.AccessPolicy.parse(
                java.util.List.of("127.0.0.0/8"), java.util.List.of("127.0.0.2/32"))), stats);
        try (Socket denied = connect(listener, "127.0.0.2"); Socket allowed = connect(listener, "127.0.0.3")) {
            assertThat(echoes(allowed)).isTrue();
            assertThat(denied.getInputStream().read()).isEqualTo(-1); // closed at accept, no protocol made
        }
        assertThat(stats.refusedConnections()).isEqualTo(1);
        assertThat(stats.totalConnections()).isEqualTo(1);
    }

    @Test
    void datagramsFromRefusedSendersAreDroppedAndCounted() throws Exception {
        TrafficStats stats = new TrafficStats();
        DatagramTransport bound = reactor.bindDatagram(Endpoint.parse("udp://127.0.0.1:0"), new DatagramProtocol() {
            private DatagramTransport transport;

            @Override
            public void started(DatagramTransport t) {
                transport = t;
            }

            @Override
            public void datagramReceived(java.nio.ByteBuffer data, java.net.SocketAddress sender) {
                transport.send(data, sender);
            }
        }, stats, io.switchboard.io.ListenOptions.DEFAULTS,
                io.switchboard.access.AccessPolicy.parse(java.util.List.of(), java.util.List.of("127.0.0.2/32")));
        InetSocketAddress target = (InetSocketAddress) bound.localAddress();
        try (java.net.DatagramSocket denied = new java.net.DatagramSocket(new InetSocketAddress("127.0.0.2", 0));
                java.net.DatagramSocket allowed = new java.net.DatagramSocket(new InetSocketAddress("127.0.0.3", 0))) {
            denied.send(new java.net.DatagramPacket(new byte[] {1}, 1, target));
            allowed.send(new java.net.DatagramPacket(new byte[] {2}, 1, target));
            allowed.setSoTimeout(10_000);
            java.net.DatagramPacket echo = new java.net.DatagramPacket(new byte[8], 8);
            allowed.receive(echo);
            assertThat(echo.getData()[0]).isEqualTo((byte) 2);
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(5))
                    .until(() -> stats.refusedConnections() == 1);
            denied.setSoTimeout(200);
            assertThatThrownBy(() -> denied.receive(new java.net.DatagramPacket(new byte[8], 8)))
                    .isInstanceOf(java.net.SocketTimeoutException.class);
        }
    }

    @Test
    void anIdleConnectionIsClosedWithAReason() throws Exception {
        Listener listener = listen(ConnectionLimits.DEFAULTS.withIdleTimeout(Duration.ofMillis(200)), new TrafficStats());
        try (Socket socket = connect(listener, "127.0.0.1")) {
            assertThat(echoes(socket)).isTrue();
            CloseReason reason = reasons.poll(5, TimeUnit.SECONDS);
            assertThat(reason).isInstanceOf(CloseReason.TimedOut.class);
            assertThat(reason.describe()).contains("idle");
        }
    }

    @Test
    void aPeerThatStopsReadingIsClosedAfterTheWriteTimeout() throws Exception {
        Listener listener = reactor.listen(Endpoint.parse("tcp://127.0.0.1:0"), remote -> new Protocol() {
            @Override
            public void connectionMade(Transport t) {
                t.write(ByteBuffer.allocate(32 * 1024 * 1024)); // far more than the socket buffers hold
            }

            @Override
            public void dataReceived(ByteBuffer data) {
            }

            @Override
            public void connectionLost(CloseReason reason) {
                reasons.add(reason);
            }
        }, new TrafficStats(), ConnectionLimits.DEFAULTS.withWriteTimeout(Duration.ofMillis(300)));
        try (Socket silent = connect(listener, "127.0.0.1")) {
            CloseReason reason = reasons.poll(10, TimeUnit.SECONDS);
            assertThat(reason).isInstanceOf(CloseReason.TimedOut.class);
            assertThat(reason.describe()).contains("write").contains("read none");
            assertThat(silent.isClosed()).isFalse(); // the client did nothing; the server gave up on it
        }
    }

    @Test
    void timeSpentWithReadingPausedByTheProtocolIsNotIdleness() throws Exception {
        Duration idle = Duration.ofMillis(200);
        long[] resumedAt = new long[1];
        Listener listener = reactor.listen(Endpoint.parse("tcp://127.0.0.1:0"), remote -> new Protocol() {
            @Override
            public void connectionMade(Transport t) {
                t.pauseReading(); // as chat flood control or a pending disk reply does, for five idle periods
                t.eventLoop().schedule(idle.multipliedBy(5), () -> {
                    resumedAt[0] = System.nanoTime();
                    t.resumeReading();
                });
            }

            @Override
            public void dataReceived(ByteBuffer data) {
            }

            @Override
            public void connectionLost(CloseReason reason) {
                reasons.add(reason);
            }
        }, new TrafficStats(), ConnectionLimits.DEFAULTS.withIdleTimeout(idle));
        try (Socket socket = connect(listener, "127.0.0.1")) {
            CloseReason reason = reasons.poll(10, TimeUnit.SECONDS);
            long closedAt = System.nanoTime();
            assertThat(reason).isInstanceOf(CloseReason.TimedOut.class);
            assertThat(resumedAt[0]).as("not closed while paused").isNotZero();
            assertThat(Duration.ofNanos(closedAt - resumedAt[0])).as("idle counted from the resume")
                    .isGreaterThanOrEqualTo(idle.minusMillis(20));
        }
    }
}
