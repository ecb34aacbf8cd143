package io.switchboard.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.switchboard.endpoint.Endpoint;
import io.switchboard.endpoint.InetEndpoint;
import io.switchboard.io.Backends;
import io.switchboard.limits.ConnectionLimits;
import io.switchboard.metrics.TrafficStats;
import io.switchboard.reactor.CloseReason;
import io.switchboard.reactor.Listener;
import io.switchboard.reactor.Reactor;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Fault: 1 000 slowloris connections — each starts a line and trickles one more byte every
 * 250 ms, never finishing it, so the idle timeout never fires — while honest clients use the same
 * server. The request timeout must close every one of them, and only them; honest clients keep
 * getting every line back; memory stays bounded (docs/security.md, "Fault tests").
 */
@Timeout(120)
class SlowlorisFaultTest {

    private static final int SLOW_PEERS = 1_000;
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(3);
    private static final long TRICKLE_MILLIS = 250;

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"nio", "epoll", "epoll-et"})
    void aThousandSlowlorisPeersAreCutByTheRequestTimeoutWhileOthersAreServed(String backend) throws Exception {
        assumeTrue(Backends.unavailabilityCause(backend).isEmpty(), () -> backend + ": " + Backends.unavailabilityCause(backend));
        ConcurrentLinkedQueue<CloseReason> reasons = new ConcurrentLinkedQueue<>();
        TrafficStats stats = new TrafficStats();
        ConnectionLimits limits = ConnectionLimits.DEFAULTS.withMaxConnectionsPerAddress(SLOW_PEERS + 100)
                .withIdleTimeout(Duration.ofSeconds(60)).withRequestTimeout(REQUEST_TIMEOUT);
        try (QuietLogs quiet = QuietLogs.below("io.switchboard.reactor.Connection");
                Reactor reactor = Reactor.builder().loops(2).name("slowloris").backend(Backends.named(backend)).build();
                ScheduledExecutorService trickler = Executors.newSingleThreadScheduledExecutor()) {
            Listener listener = reactor.listen(Endpoint.parse("tcp://127.0.0.1:0"), remote -> new LineEcho(reasons), stats, limits);
            InetEndpoint bound = (InetEndpoint) listener.endpoint();
            InetSocketAddress server = new InetSocketAddress(bound.host(), bound.port());
            long heapBefore = Heap.usedAfterGc();

            try (HonestClients honest = HonestClients.start(server, 4);
                    SlowPeers slow = SlowPeers.open(server, "127.0.0.2", SLOW_PEERS)) {
                slow.sendToOpenPeers("GET /a-line-that-never-ends".getBytes(StandardCharsets.US_ASCII));
                trickler.scheduleAtFixedRate(() -> slow.sendToOpenPeers(new byte[] {'a'}),
                        TRICKLE_MILLIS, TRICKLE_MILLIS, TimeUnit.MILLISECONDS);
                Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> stats.openConnections() >= SLOW_PEERS + 4);
                long heapUnderAttack = Heap.usedAfterGc();

                // Honest clients are served while all 1 000 are attached and trickling.
                long before = honest.roundTrips();
                Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> honest.roundTrips() >= before + 200);
                assertThat(slow.closedByServer()).as("no slow peer is cut before its request timeout").isZero();

                Awaitility.await().atMost(REQUEST_TIMEOUT.plusSeconds(20)).until(() -> slow.closedByServer() == SLOW_PEERS);
                long[] closeMillis = slow.firstByteToCloseMillis();
                long afterCuts = honest.roundTrips();
                Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> honest.roundTrips() >= afterCuts + 200);

                List<CloseReason> cut = reasons.stream().filter(r -> r instanceof CloseReason.TimedOut).toList();
                assertThat(cut).hasSize(SLOW_PEERS)
                        .allSatisfy(r -> assertThat(r.describe()).contains("request:").contains("still unfinished"));
                assertThat(closeMillis[0]).as("cut no earlier than the timeout").isGreaterThanOrEqualTo(REQUEST_TIMEOUT.toMillis() - 50);
                assertThat(honest.failures()).isEmpty();
                assertThat(stats.openConnections()).isEqualTo(4);
                assertThat(stats.timedOutConnections()).as("the metrics count them").isEqualTo(SLOW_PEERS);
                long perPeer = (heapUnderAttack - heapBefore) / SLOW_PEERS;
                assertThat(heapUnderAttack - heapBefore).as("heap held for 1 000 slow peers (client and server side)")
                        .isLessThan(64L * 1024 * 1024);
                System.out.printf("slowloris %s: %d peers cut %d-%d ms after their first byte (timeout %d ms); "
                                + "honest round trips %d, slowest %d ms; heap +%s under attack (%d B per peer, both ends)%n",
                        backend, SLOW_PEERS, closeMillis[0], closeMillis[1], REQUEST_TIMEOUT.toMillis(),
                        honest.roundTrips(), honest.slowestMillis(), Heap.mib(heapUnderAttack - heapBefore), perPeer);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"nio", "epoll"})
    void aPeerStreamingLinesSplitAcrossWritesIsNeverCutHoweverLongItStreams(String backend) throws Exception {
        assumeTrue(Backends.unavailabilityCause(backend).isEmpty(), () -> backend + ": " + Backends.unavailabilityCause(backend));
        ConcurrentLinkedQueue<CloseReason> reasons = new ConcurrentLinkedQueue<>();
        Duration timeout = Duration.ofSeconds(1);
        try (Reactor reactor = Reactor.builder().loops(1).name("streaming").backend(Backends.named(backend)).build();
                java.net.Socket socket = new java.net.Socket()) {
            Listener listener = reactor.listen(Endpoint.parse("tcp://127.0.0.1:0"), remote -> new LineEcho(reasons),
                    new TrafficStats(), ConnectionLimits.DEFAULTS.withRequestTimeout(timeout));
            InetEndpoint bound = (InetEndpoint) listener.endpoint();
            socket.connect(new InetSocketAddress(bound.host(), bound.port()), 10_000);
            socket.setSoTimeout(10_000);
            java.io.OutputStream out = socket.getOutputStream();
            java.io.InputStream in = socket.getInputStream();
            // Every write ends in the middle of a line, so the server always holds a started line;
            // lines keep finishing, so none of them is ever as old as the timeout.
            long lines = 0;
            long until = System.nanoTime() + 3 * timeout.toNanos();
            String carry = "";
            while (System.nanoTime() - until < 0) {
                String line = "streamed line " + lines;
                String half = line.substring(0, line.length() / 2);
                out.write((carry + half).getBytes(StandardCharsets.US_ASCII));
                out.flush();
                carry = line.substring(line.length() / 2) + "\n";
                if (lines > 0) {
                    assertThat(HonestClients.readLine(in)).isEqualTo("streamed line " + (lines - 1));
                }
                lines++;
            }
            out.write(carry.getBytes(StandardCharsets.US_ASCII));
            assertThat(HonestClients.readLine(in)).isEqualTo("streamed line " + (lines - 1));
            assertThat(reasons).as("still open after streaming for three timeouts").isEmpty();
            System.out.printf("streaming %s: %d lines split across writes over %d ms, never cut (timeout %d ms)%n",
                    backend, lines, 3 * timeout.toMillis(), timeout.toMillis());
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"virtual", "threads"})
    void underTheBlockingModelsTricklingPeersAreCutAtTheFirstReadPastTheirDeadline(String model) throws Exception {
        int peers = model.equals("virtual") ? SLOW_PEERS : 32; // a thread pool of 64 holds only so many
        ConcurrentLinkedQueue<CloseReason> reasons = new ConcurrentLinkedQueue<>();
        io.switchboard.server.Dispatch dispatch = model.equals("virtual") ? io.switchboard.server.Dispatch.virtual()
                : io.switchboard.server.Dispatch.threads(64);
        io.switchboard.server.ServerConfig config = io.switchboard.server.ServerConfig.DEFAULTS.withDispatch(dispatch)
                .withRequestTimeout(REQUEST_TIMEOUT);
        try (QuietLogs quiet = QuietLogs.below("io.switchboard.server.ProtocolHandler");
                io.switchboard.server.TcpServer server = new io.switchboard.server.TcpServer(
                        Endpoint.parse("tcp://127.0.0.1:0"),
                        io.switchboard.server.ProtocolHandler.of(remote -> new LineEcho(reasons)), config);
                ScheduledExecutorService trickler = Executors.newSingleThreadScheduledExecutor()) {
            Thread serving = Thread.ofPlatform().daemon().name("blocking-slowloris").start(() -> {
                try {
                    server.serveForever(Duration.ofMillis(100));
                } catch (java.io.IOException e) {
                    reasons.add(new CloseReason.Failed(e));
                }
            });
            InetEndpoint bound = (InetEndpoint) server.endpoint();
            InetSocketAddress address = new InetSocketAddress(bound.host(), bound.port());
            try (HonestClients honest = HonestClients.start(address, 4);
                    SlowPeers slow = SlowPeers.open(address, "127.0.0.2", peers)) {
                slow.sendToOpenPeers("GET /a-line-that-never-ends".getBytes(StandardCharsets.US_ASCII));
                trickler.scheduleAtFixedRate(() -> slow.sendToOpenPeers(new byte[] {'a'}),
                        TRICKLE_MILLIS, TRICKLE_MILLIS, TimeUnit.MILLISECONDS);
                long before = honest.roundTrips();
                Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> honest.roundTrips() >= before + 200);
                assertThat(slow.closedByServer()).as("no slow peer is cut before its request timeout").isZero();

                Awaitility.await().atMost(REQUEST_TIMEOUT.plusSeconds(20)).until(() -> slow.closedByServer() == peers);
                long[] closeMillis = slow.firstByteToCloseMillis();
                long afterCuts = honest.roundTrips();
                Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> honest.roundTrips() >= afterCuts + 200);
                assertThat(reasons.stream().filter(r -> r instanceof CloseReason.TimedOut).count()).isEqualTo(peers);
                assertThat(closeMillis[0]).isGreaterThanOrEqualTo(REQUEST_TIMEOUT.toMillis() - 50);
                assertThat(honest.failures()).isEmpty();
                assertThat(server.stats().timedOutConnections()).isEqualTo(peers);
                System.out.printf("slowloris blocking %s: %d peers cut %d-%d ms after their first byte (timeout %d ms, "
                                + "a byte every %d ms); honest round trips %d, slowest %d ms%n", model, peers,
                        closeMillis[0], closeMillis[1], REQUEST_TIMEOUT.toMillis(), TRICKLE_MILLIS, honest.roundTrips(),
                        honest.slowestMillis());
            } finally {
                server.shutdown();
                serving.join(10_000);
            }
        }
    }
}
