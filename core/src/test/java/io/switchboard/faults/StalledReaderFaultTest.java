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
import io.switchboard.reactor.TransportConfig;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Fault: a reader that stops while the server writes 1 GiB to it. The server's memory for that
 * connection must stay bounded by the transport's limits whatever the producer does, the peers
 * sharing its event loops must be served as before, and a reader that comes back must get every
 * byte in order (docs/security.md, "Fault tests").
 */
@Timeout(180)
class StalledReaderFaultTest {

    private static final long GIB = 1L << 30;
    private static final TransportConfig TRANSPORT = TransportConfig.DEFAULTS; // high-water 64 KiB, limit 4 MiB

    private record Server(Reactor reactor, InetSocketAddress producer, InetSocketAddress echo,
            CompletableFuture<Producer> made, TrafficStats stats) implements AutoCloseable {
        @Override
        public void close() {
            reactor.close();
        }
    }

    private static Server start(String backend, long total, boolean honoursBackpressure, Duration writeTimeout)
            throws IOException {
        assumeTrue(Backends.unavailabilityCause(backend).isEmpty(), () -> backend + ": " + Backends.unavailabilityCause(backend));
        Reactor reactor = Reactor.builder().loops(2).name("stalled").backend(Backends.named(backend))
                .transportConfig(TRANSPORT).build();
        CompletableFuture<Producer> made = new CompletableFuture<>();
        ConnectionLimits limits = ConnectionLimits.DEFAULTS.withWriteTimeout(writeTimeout);
        TrafficStats stats = new TrafficStats();
        Listener producing = reactor.listen(Endpoint.parse("tcp://127.0.0.1:0"), remote -> {
            Producer producer = new Producer(total, honoursBackpressure);
            made.complete(producer);
            return producer;
        }, stats, limits);
        Listener echo = reactor.listen(Endpoint.parse("tcp://127.0.0.1:0"),
                remote -> new LineEcho(new ConcurrentLinkedQueue<>()), new TrafficStats(), limits);
        return new Server(reactor, address(producing), address(echo), made, stats);
    }

    private static InetSocketAddress address(Listener listener) {
        InetEndpoint bound = (InetEndpoint) listener.endpoint();
        return new InetSocketAddress(bound.host(), bound.port());
    }

    /** Reads whole chunks, checking each is the next one; returns how many it read (stops early at end of stream). */
    private static long readChunks(InputStream in, long first, long count) throws IOException {
        byte[] buffer = new byte[Producer.CHUNK];
        for (long k = first; k < first + count; k++) {
            int n = in.readNBytes(buffer, 0, buffer.length);
            if (n < buffer.length) {
                assertThat(n).as("the stream ends on a chunk boundary").isZero();
                return k - first;
            }
            if (!Producer.isChunk(k, buffer)) {
                throw new AssertionError("chunk " + k + " arrived wrong or out of order");
            }
        }
        return count;
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"nio", "epoll"})
    void aReaderThatStallsAndComesBackGetsAllOfOneGibibyteWhileTheServerQueueStaysBounded(String backend)
            throws Exception {
        try (Server server = start(backend, GIB, true, Duration.ofSeconds(60));
                Socket reader = new Socket()) {
            reader.setReceiveBufferSize(64 * 1024);
            reader.connect(server.producer(), 10_000);
            reader.setSoTimeout(30_000);
            InputStream in = reader.getInputStream();
            long chunks = GIB / Producer.CHUNK;
            long half = chunks / 4;
            assertThat(readChunks(in, 0, half)).isEqualTo(half);
            Producer producer = server.made().get(10, TimeUnit.SECONDS);

            // The reader stops. The producer meets the high-water mark and waits; its queue stays bounded.
            Awaitility.await().atMost(Duration.ofSeconds(20)).until(producer::waitingForWritable);
            assertThat(server.stats().unwritableConnections()).as("the metrics show it under backpressure").isEqualTo(1);
            assertThat(server.stats().queuedBytes()).isBetween(TRANSPORT.highWaterMark(),
                    TRANSPORT.highWaterMark() + Producer.CHUNK);
            try (HonestClients honest = HonestClients.start(server.echo(), 2)) {
                Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> honest.roundTrips() >= 500);
                assertThat(honest.failures()).isEmpty();
                assertThat(producer.waitingForWritable()).as("still stalled while the others were served").isTrue();
            }

            // The reader comes back: every byte of the 1 GiB, in order, then the end of the stream.
            assertThat(readChunks(in, half, chunks - half)).isEqualTo(chunks - half);
            assertThat(in.read()).isEqualTo(-1);
            assertThat(producer.lost().get(10, TimeUnit.SECONDS)).isInstanceOf(CloseReason.Clean.class);
            assertThat(server.stats().unwritableConnections()).isZero();
            assertThat(server.stats().queuedBytes()).isZero();
            assertThat(producer.maxQueued()).as("bytes queued in the server for the stalled reader")
                    .isLessThanOrEqualTo(TRANSPORT.highWaterMark() + Producer.CHUNK);
            System.out.printf("stalled reader %s: 1 GiB delivered in order after a stall; largest server queue %d bytes%n",
                    backend, producer.maxQueued());
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"nio", "epoll"})
    void aReaderThatStopsForGoodIsClosedByTheWriteTimeoutAndNobodyElseIs(String backend) throws Exception {
        Duration writeTimeout = Duration.ofSeconds(1);
        try (Server server = start(backend, GIB, true, writeTimeout);
                HonestClients honest = HonestClients.start(server.echo(), 2);
                Socket reader = new Socket()) {
            reader.connect(server.producer(), 10_000);
            reader.setSoTimeout(30_000);
            InputStream in = reader.getInputStream();
            assertThat(readChunks(in, 0, 16)).isEqualTo(16);
            Producer producer = server.made().get(10, TimeUnit.SECONDS);

            long start = System.nanoTime();
            CloseReason reason = producer.lost().get(30, TimeUnit.SECONDS);
            long tookMillis = (System.nanoTime() - start) / 1_000_000;
            assertThat(reason).isInstanceOf(CloseReason.TimedOut.class);
            assertThat(reason.describe()).contains("write:");
            assertThat(server.stats().timedOutConnections()).isEqualTo(1);
            Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> server.stats().queuedBytes() == 0
                    && server.stats().unwritableConnections() == 0);
            assertThat(producer.maxQueued()).isLessThanOrEqualTo(TRANSPORT.highWaterMark() + Producer.CHUNK);
            long served = honest.roundTrips();
            Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> honest.roundTrips() >= served + 200);
            assertThat(honest.failures()).isEmpty();
            System.out.printf("stopped reader %s: closed %d ms after it stopped reading (write timeout %d ms)%n",
                    backend, tookMillis, writeTimeout.toMillis());
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"nio", "epoll"})
    void aProducerThatIgnoresBackpressureIsCutAtTheQueueLimitNotAtOneGibibyteOfHeap(String backend) throws Exception {
        try (Server server = start(backend, GIB, false, Duration.ofSeconds(60));
                HonestClients honest = HonestClients.start(server.echo(), 2);
                Socket reader = new Socket()) {
            reader.connect(server.producer(), 10_000); // and never reads
            Producer producer = server.made().get(10, TimeUnit.SECONDS);
            CloseReason reason = producer.lost().get(30, TimeUnit.SECONDS);
            assertThat(reason).isInstanceOf(CloseReason.Overloaded.class);
            assertThat(server.stats().overloadedConnections()).isEqualTo(1);
            assertThat(producer.maxQueued()).isLessThanOrEqualTo(TRANSPORT.maxQueuedBytes());
            long served = honest.roundTrips();
            Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> honest.roundTrips() >= served + 200);
            assertThat(honest.failures()).isEmpty();
            System.out.printf("careless producer %s: cut as %s with %d bytes queued at most%n",
                    backend, reason.describe(), producer.maxQueued());
        }
    }
}
