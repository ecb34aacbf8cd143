package io.switchboard.services.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.endpoint.Endpoint;
import io.switchboard.endpoint.InetEndpoint;
import io.switchboard.faults.Heap;
import io.switchboard.faults.HonestClients;
import io.switchboard.faults.QuietLogs;
import io.switchboard.faults.SlowPeers;
import io.switchboard.io.ListenOptions;
import io.switchboard.limits.ConnectionLimits;
import io.switchboard.reactor.Reactor;
import io.switchboard.services.RunningService;
import io.switchboard.services.ServiceContext;
import io.switchboard.services.ServiceRunner;
import io.switchboard.services.http.HttpOptions;
import io.switchboard.services.http.HttpService;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fault: the classic slowloris against the HTTP service — 1 000 connections that each send a
 * request line and then one more header line every 500 ms, never the blank line that ends the
 * request, so no byte gap ever reaches the keep-alive timeout. Each must get a 408 and be closed
 * when its request is that old; honest keep-alive clients must get every response meanwhile
 * (docs/security.md, "Fault tests").
 */
@Timeout(120)
class HttpSlowlorisFaultTest {

    private static final int SLOW_PEERS = 1_000;
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(3);
    private static final byte[] REQUEST_START = "GET /plaintext HTTP/1.1\r\nHost: t\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] ONE_MORE_HEADER = "X-Wait: a\r\n".getBytes(StandardCharsets.US_ASCII);

    @TempDir
    Path dataDir;

    @Test
    void aThousandSlowlorisRequestsGet408AtTheirDeadlineWhileKeepAliveClientsAreServed() throws Exception {
        try (QuietLogs quiet = QuietLogs.below("io.switchboard.services.http.HttpSession");
                Reactor reactor = Reactor.builder().loops(2).name("http-slowloris").build();
                ScheduledExecutorService trickler = Executors.newSingleThreadScheduledExecutor()) {
            RunningService http = ServiceRunner.start(reactor, new HttpService(HttpOptions.DEFAULTS.withIdleTimeout(REQUEST_TIMEOUT)),
                    List.of(Endpoint.parse("tcp://127.0.0.1:0")), ListenOptions.DEFAULTS, new ServiceContext(dataDir),
                    ConnectionLimits.DEFAULTS.withMaxConnectionsPerAddress(SLOW_PEERS + 100));
            InetEndpoint bound = (InetEndpoint) http.boundEndpoints().getFirst();
            InetSocketAddress server = new InetSocketAddress(bound.host(), bound.port());
            long heapBefore = Heap.usedAfterGc();

            try (HonestClients honest = HonestClients.start(server, 4, HttpSlowlorisFaultTest::getPlaintext);
                    SlowPeers slow = SlowPeers.open(server, "127.0.0.2", SLOW_PEERS)) {
                slow.sendToOpenPeers(REQUEST_START);
                trickler.scheduleAtFixedRate(() -> slow.sendToOpenPeers(ONE_MORE_HEADER), 500, 500, TimeUnit.MILLISECONDS);
                long before = honest.roundTrips();
                Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> honest.roundTrips() >= before + 200);
                assertThat(slow.closedByServer()).as("no slow peer is cut before its deadline").isZero();
                long heapUnderAttack = Heap.usedAfterGc();

                Awaitility.await().atMost(REQUEST_TIMEOUT.plusSeconds(20)).until(() -> slow.closedByServer() == SLOW_PEERS);
                long[] closeMillis = slow.firstByteToCloseMillis();
                long afterCuts = honest.roundTrips();
                Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> honest.roundTrips() >= afterCuts + 200);

                assertThat(closeMillis[0]).isGreaterThanOrEqualTo(REQUEST_TIMEOUT.toMillis() - 50);
                long per408 = slow.bytesReceived() / SLOW_PEERS;
                assertThat(slow.bytesReceived() % SLOW_PEERS).as("every slow peer got the same 408 response").isZero();
                assertThat(per408).isGreaterThan(0);
                assertThat(honest.failures()).isEmpty();
                assertThat(heapUnderAttack - heapBefore).isLessThan(64L * 1024 * 1024);
                System.out.printf("http slowloris: %d peers answered 408 and closed %d-%d ms after their first byte "
                                + "(timeout %d ms, checked every %d ms); honest requests %d, slowest %d ms; heap +%s under attack%n",
                        SLOW_PEERS, closeMillis[0], closeMillis[1], REQUEST_TIMEOUT.toMillis(),
                        REQUEST_TIMEOUT.toMillis() / 4, honest.roundTrips(), honest.slowestMillis(),
                        Heap.mib(heapUnderAttack - heapBefore));
            }
        }
    }

    /** One keep-alive GET /plaintext; the response must be a 200 with its whole body. */
    private static void getPlaintext(Socket socket, int client, long n) throws IOException {
        socket.getOutputStream().write("GET /plaintext HTTP/1.1\r\nHost: t\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        InputStream in = socket.getInputStream();
        String status = HonestClients.readLine(in);
        if (status == null || !status.startsWith("HTTP/1.1 200 ")) {
            throw new IOException("request " + n + ": status '" + status + "'");
        }
        int length = -1;
        for (String header = HonestClients.readLine(in); header != null && !header.equals("\r"); header = HonestClients.readLine(in)) {
            if (header.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                length = Integer.parseInt(header.substring("content-length:".length()).trim());
            }
        }
        if (length < 0 || in.readNBytes(length).length != length) {
            throw new IOException("request " + n + ": no whole body (Content-Length " + length + ")");
        }
    }
}
