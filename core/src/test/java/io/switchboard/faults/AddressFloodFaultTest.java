package io.switchboard.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.switchboard.endpoint.Endpoint;
import io.switchboard.endpoint.InetEndpoint;
import io.switchboard.io.Backends;
import io.switchboard.limits.ConnectionLimits;
import io.switchboard.metrics.TrafficStats;
import io.switchboard.reactor.Listener;
import io.switchboard.reactor.Reactor;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Fault: a flood of connections from one address against the per-address limit. The first
 * {@code limit} are served, every one past it is closed at accept (no protocol is made for it),
 * other addresses are served throughout, and when the flood lets go its slots are free again
 * (docs/security.md, "Fault tests").
 */
@Timeout(120)
class AddressFloodFaultTest {

    private static final int LIMIT = 50;
    private static final int FLOOD = 2_000;
    private static final byte[] PING = "ping\n".getBytes(StandardCharsets.US_ASCII);

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"nio", "epoll", "epoll-et"})
    void aFloodFromOneAddressGetsItsShareAndNoMoreWhileOthersAreServed(String backend) throws Exception {
        assumeTrue(Backends.unavailabilityCause(backend).isEmpty(), () -> backend + ": " + Backends.unavailabilityCause(backend));
        TrafficStats stats = new TrafficStats();
        try (QuietLogs quiet = QuietLogs.below("io.switchboard.reactor.Acceptor");
                Reactor reactor = Reactor.builder().loops(2).name("flood").backend(Backends.named(backend)).build()) {
            Listener listener = reactor.listen(Endpoint.parse("tcp://127.0.0.1:0"),
                    remote -> new LineEcho(new ConcurrentLinkedQueue<>()), stats,
                    ConnectionLimits.DEFAULTS.withMaxConnectionsPerAddress(LIMIT));
            InetEndpoint bound = (InetEndpoint) listener.endpoint();
            InetSocketAddress server = new InetSocketAddress(bound.host(), bound.port());
            long heapBefore = Heap.usedAfterGc();

            try (HonestClients honest = HonestClients.start(server, 4)) {
                for (int wave = 1; wave <= 2; wave++) {
                    long servedBefore = honest.roundTrips();
                    long heapUnderFlood;
                    try (SlowPeers flood = SlowPeers.open(server, "127.0.0.2", FLOOD)) {
                        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> flood.closedByServer() == FLOOD - LIMIT);
                        flood.sendToOpenPeers(PING);
                        Awaitility.await().atMost(Duration.ofSeconds(10))
                                .until(() -> flood.bytesReceived() == (long) LIMIT * PING.length);
                        heapUnderFlood = Heap.usedAfterGc();
                        assertThat(stats.openConnections()).isEqualTo(LIMIT + 4);
                    }
                    assertThat(stats.refusedConnections()).isEqualTo((long) wave * (FLOOD - LIMIT));
                    Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> stats.openConnections() == 4);
                    Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> honest.roundTrips() >= servedBefore + 200);
                    assertThat(heapUnderFlood - heapBefore).isLessThan(64L * 1024 * 1024);
                    System.out.printf("address flood %s, wave %d: %d of %d served, %d closed at accept; "
                                    + "honest round trips %d, slowest %d ms; heap +%s%n", backend, wave, LIMIT, FLOOD,
                            FLOOD - LIMIT, honest.roundTrips(), honest.slowestMillis(), Heap.mib(heapUnderFlood - heapBefore));
                }
                assertThat(honest.failures()).isEmpty();
            }
        }
    }
}
