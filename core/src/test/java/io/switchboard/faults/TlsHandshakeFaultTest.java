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
import io.switchboard.tls.SelfSignedCertificate;
import io.switchboard.tls.TlsConfig;
import io.switchboard.tls.TlsProtocols;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Fault: TLS handshakes that never finish — peers that connect and say nothing, peers that send
 * the start of a ClientHello and stop, peers that trickle one a byte at a time — while honest TLS
 * clients connect, handshake and echo lines. Every stalled peer must be closed at the handshake
 * timeout, the service must never see one, and honest clients must be served throughout
 * (docs/security.md, "Fault tests").
 */
@Timeout(120)
class TlsHandshakeFaultTest {

    private static final int PER_KIND = 100;
    private static final Duration HANDSHAKE_TIMEOUT = Duration.ofSeconds(3);
    /** A TLS handshake record header announcing 512 bytes that never come, then two of them. */
    private static final byte[] CLIENT_HELLO_START = {0x16, 0x03, 0x01, 0x02, 0x00, 0x01, 0x00};

    private static SelfSignedCertificate certificate;

    @BeforeAll
    static void makeCertificate() {
        certificate = SelfSignedCertificate.generate();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"nio", "epoll"})
    void handshakesThatNeverFinishAreCutAtTheTimeoutWhileHonestClientsAreServed(String backend) throws Exception {
        assumeTrue(Backends.unavailabilityCause(backend).isEmpty(), () -> backend + ": " + Backends.unavailabilityCause(backend));
        ConcurrentLinkedQueue<CloseReason> reasons = new ConcurrentLinkedQueue<>();
        TrafficStats stats = new TrafficStats();
        TlsConfig tls = TlsConfig.of(certificate.serverContext()).withHandshakeTimeout(HANDSHAKE_TIMEOUT);
        try (QuietLogs quiet = QuietLogs.below("io.switchboard.tls.TlsConnection");
                Reactor reactor = Reactor.builder().loops(2).name("tls-fault").backend(Backends.named(backend)).build();
                ScheduledExecutorService trickler = Executors.newSingleThreadScheduledExecutor()) {
            Listener listener = reactor.listen(Endpoint.parse("tcp://127.0.0.1:0"),
                    TlsProtocols.server(tls, remote -> new LineEcho(reasons)), stats,
                    ConnectionLimits.DEFAULTS.withMaxConnectionsPerAddress(4 * PER_KIND));
            InetEndpoint bound = (InetEndpoint) listener.endpoint();
            InetSocketAddress server = new InetSocketAddress(bound.host(), bound.port());
            AtomicLong handshakes = new AtomicLong();
            ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
            honestSession(server, 0); // warm up: the first handshake of a JVM is slow
            long heapBefore = Heap.usedAfterGc();

            try (SlowPeers silent = SlowPeers.open(server, "127.0.0.2", PER_KIND);
                    SlowPeers halfHello = SlowPeers.open(server, "127.0.0.2", PER_KIND);
                    SlowPeers trickling = SlowPeers.open(server, "127.0.0.2", PER_KIND)) {
                halfHello.sendToOpenPeers(CLIENT_HELLO_START);
                trickler.scheduleAtFixedRate(() -> trickling.sendToOpenPeers(new byte[] {0x16}), 0, 250, TimeUnit.MILLISECONDS);
                Thread honest = Thread.ofPlatform().daemon().name("honest-tls").start(() -> {
                    for (int i = 1; !Thread.currentThread().isInterrupted(); i++) {
                        try {
                            honestSession(server, i);
                            handshakes.incrementAndGet();
                        } catch (IOException e) {
                            if (!Thread.currentThread().isInterrupted()) {
                                failures.add("honest session " + i + ": " + e);
                            }
                            return;
                        }
                    }
                });
                try {
                    Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> handshakes.get() >= 5);
                    int cutEarly = silent.closedByServer() + halfHello.closedByServer() + trickling.closedByServer();
                    assertThat(cutEarly).as("no stalled peer is cut before the handshake timeout").isZero();
                    long heapUnderAttack = Heap.usedAfterGc();

                    for (SlowPeers stalled : new SlowPeers[] {silent, halfHello, trickling}) {
                        Awaitility.await().atMost(HANDSHAKE_TIMEOUT.plusSeconds(20))
                                .until(() -> stalled.closedByServer() == PER_KIND);
                        assertThat(stalled.connectToCloseMillis()[0]).isGreaterThanOrEqualTo(HANDSHAKE_TIMEOUT.toMillis() - 50);
                    }
                    long after = handshakes.get();
                    Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> handshakes.get() >= after + 5);
                    assertThat(failures).isEmpty();
                    assertThat(reasons).as("the service saw only honest connections").allSatisfy(
                            r -> assertThat(r).isInstanceOf(CloseReason.Clean.class));
                    assertThat(heapUnderAttack - heapBefore).isLessThan(64L * 1024 * 1024);
                    System.out.printf("tls handshake %s: %d stalled peers cut %d-%d ms after connecting (silent), "
                                    + "%d-%d ms (half a ClientHello), %d-%d ms (trickling); timeout %d ms; "
                                    + "%d honest sessions; heap +%s under attack%n", backend, 3 * PER_KIND,
                            silent.connectToCloseMillis()[0], silent.connectToCloseMillis()[1],
                            halfHello.connectToCloseMillis()[0], halfHello.connectToCloseMillis()[1],
                            trickling.connectToCloseMillis()[0], trickling.connectToCloseMillis()[1],
                            HANDSHAKE_TIMEOUT.toMillis(), handshakes.get(), Heap.mib(heapUnderAttack - heapBefore));
                } finally {
                    honest.interrupt();
                    honest.join(15_000);
                }
            }
        }
    }

    /** One honest client: connects, verifies the server, echoes three lines, closes. */
    private static void honestSession(InetSocketAddress server, int id) throws IOException {
        try (SSLSocket socket = (SSLSocket) certificate.clientContext().getSocketFactory()
                .createSocket(server.getAddress(), server.getPort())) {
            SSLParameters parameters = socket.getSSLParameters();
            parameters.setEndpointIdentificationAlgorithm("HTTPS");
            socket.setSSLParameters(parameters);
            socket.setSoTimeout(10_000);
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
            for (int line = 0; line < 3; line++) {
                String text = "honest " + id + " line " + line;
                socket.getOutputStream().write((text + "\n").getBytes(StandardCharsets.US_ASCII));
                String reply = in.readLine();
                if (!text.equals(reply)) {
                    throw new IOException("sent '" + text + "', got '" + reply + "'");
                }
            }
        }
    }
}
