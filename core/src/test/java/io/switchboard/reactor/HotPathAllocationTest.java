package io.switchboard.reactor;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.endpoint.Endpoint;
import io.switchboard.endpoint.InetEndpoint;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.Socket;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Timeout;

/**
 * The design rule "the hot path (read, protocol, write) allocates nothing per message in steady
 * state", checked by counting the bytes the loop thread allocates over many echo round trips.
 * A count, not a time: it is the same on a slow or busy machine.
 */
@Timeout(60)
class HotPathAllocationTest {

    private static final int WARM_UP = 50_000;
    private static final int MEASURED = 20_000;

    @ParameterizedTest
    @ValueSource(strings = {"nio", "select", "poll", "epoll", "epoll-et"})
    void echoRoundTripsAllocateNothingOnTheLoopThread(String poller) throws Exception {
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        CompletableFuture<Long> loopThread = new CompletableFuture<>();
        try (Reactor reactor = Reactor.builder().loops(1).name("alloc")
                .backend(io.switchboard.io.Backends.named(poller)).build()) {
            Listener listener = reactor.listen(Endpoint.parse("tcp://127.0.0.1:0"), remote -> new EchoProtocol() {
                @Override
                public void connectionMade(Transport t) {
                    super.connectionMade(t);
                    loopThread.complete(Thread.currentThread().threadId());
                }
            });
            InetEndpoint endpoint = (InetEndpoint) listener.endpoint();
            try (Socket socket = new Socket(endpoint.host(), endpoint.port())) {
                socket.setTcpNoDelay(true);
                socket.setSoTimeout(10_000);
                OutputStream out = socket.getOutputStream();
                InputStream in = socket.getInputStream();
                byte[] message = new byte[64];
                long id = loopThread.get(5, TimeUnit.SECONDS);
                roundTrips(out, in, message, WARM_UP);
                // Any object made per message costs at least 16 bytes, so fewer than 4 bytes per round trip
                // means none is. The slack absorbs one-off work: a timer, a deoptimisation, or the JDK's
                // FFM errno-capture check before the JIT has proved its slice does not escape. On a loaded
                // machine the JIT may finish later, so up to five windows are measured: steady state is
                // reached when one is clean, while a real per-message allocation dirties every window.
                java.util.List<Long> windows = new java.util.ArrayList<>();
                for (int window = 0; window < 5; window++) {
                    long before = threads.getThreadAllocatedBytes(id);
                    roundTrips(out, in, message, MEASURED);
                    long allocated = threads.getThreadAllocatedBytes(id) - before;
                    windows.add(allocated);
                    if (allocated < 4L * MEASURED) {
                        break;
                    }
                }
                assertThat(windows.getLast()).as("bytes allocated by the %s loop thread per window of %d round trips: %s",
                        poller, MEASURED, windows).isLessThan(4L * MEASURED);
            }
        }
    }

    private static void roundTrips(OutputStream out, InputStream in, byte[] message, int count) throws Exception {
        for (int i = 0; i < count; i++) {
            out.write(message);
            int got = 0;
            while (got < message.length) {
                int n = in.read(message, got, message.length - got);
                assertThat(n).isPositive();
                got += n;
            }
        }
    }
}
