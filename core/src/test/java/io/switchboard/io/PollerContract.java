package io.switchboard.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.endpoint.Endpoint;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The behaviour every {@link Poller} must have. Each backend's test extends this class and says
 * only which backend it is; native pollers (select, poll, epoll) subclass it the same way.
 */
@Timeout(20)
public abstract class PollerContract {

    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

    /** The backend under test. */
    protected abstract Backend backend();

    protected Poller poller;
    protected Events events;
    private ListenerSocket listener;

    @BeforeEach
    void open() throws IOException {
        poller = backend().openPoller();
        events = new Events(8);
        listener = backend().listen(Endpoint.parse("tcp://127.0.0.1:0"), ListenOptions.DEFAULTS);
    }

    @AfterEach
    void close() throws IOException {
        listener.close();
        poller.close();
    }

    private Socket client() throws IOException {
        Socket socket = new Socket();
        socket.connect(listener.localAddress(), 5_000);
        socket.setSoTimeout(5_000);
        return socket;
    }

    /** Polls until an event arrives (bounded), for the kernel's asynchronous delivery. */
    private int pollUntilReady() throws IOException {
        long deadline = System.nanoTime() + 5 * SECOND;
        int n;
        do {
            n = poller.poll(events, 100_000_000L);
        } while (n == 0 && System.nanoTime() < deadline);
        return n;
    }

    private StreamSocket acceptOne() throws IOException {
        Token token = new Token(1);
        poller.register(listener, token, Interest.READABLE);
        assertThat(pollUntilReady()).isEqualTo(1);
        StreamSocket accepted = listener.accept();
        assertThat(accepted).isNotNull();
        poller.deregister(listener);
        return accepted;
    }

    @Test
    void aListenerIsReadableWhenAConnectionWaits() throws IOException {
        Token token = new Token(42);
        poller.register(listener, token, Interest.READABLE);
        assertThat(poller.poll(events, 0)).isZero();
        try (Socket client = client()) {
            assertThat(pollUntilReady()).isEqualTo(1);
            assertThat(events.token(0)).isEqualTo(token);
            assertThat(events.isReadable(0)).isTrue();
            try (StreamSocket accepted = listener.accept()) {
                assertThat(accepted).isNotNull();
            }
            assertThat(listener.accept()).isNull();
        }
    }

    @Test
    void aConnectionIsWritableAtOnceAndReadableWhenDataArrives() throws IOException {
        try (Socket client = client(); StreamSocket accepted = acceptOne()) {
            poller.register(accepted, new Token(7), Interest.BOTH);
            assertThat(pollUntilReady()).isEqualTo(1);
            assertThat(events.isWritable(0)).isTrue();
            assertThat(events.readyFlags(0) & Events.READABLE).isZero();

            poller.modify(accepted, new Token(8), Interest.READABLE);
            assertThat(poller.poll(events, 0)).isZero();
            client.getOutputStream().write(new byte[] {1, 2, 3});
            assertThat(pollUntilReady()).isEqualTo(1);
            assertThat(events.token(0)).isEqualTo(new Token(8));
            assertThat(events.isReadable(0)).isTrue();
            ByteBuffer buffer = ByteBuffer.allocate(16);
            assertThat(accepted.read(buffer)).isEqualTo(3);
            assertThat(accepted.read(buffer)).isZero();
        }
    }

    @Test
    void levelTriggeredPollersReportUnreadDataAgain() throws IOException {
        try (Socket client = client(); StreamSocket accepted = acceptOne()) {
            poller.register(accepted, new Token(1), Interest.READABLE);
            client.getOutputStream().write(new byte[100]);
            assertThat(pollUntilReady()).isEqualTo(1);
            int again = poller.poll(events, 0);
            assertThat(again).isEqualTo(poller.edgeTriggered() ? 0 : 1);
        }
    }

    @Test
    void interestNoneAndDeregisterSilenceASocket() throws IOException {
        try (Socket client = client(); StreamSocket accepted = acceptOne()) {
            poller.register(accepted, new Token(1), Interest.NONE);
            client.getOutputStream().write(new byte[10]);
            assertThat(poller.poll(events, 50_000_000L)).isZero();
            poller.modify(accepted, new Token(1), Interest.READABLE);
            assertThat(pollUntilReady()).isEqualTo(1);
            poller.deregister(accepted);
            assertThat(poller.poll(events, 50_000_000L)).isZero();
            poller.deregister(accepted); // twice is harmless
        }
    }

    @Test
    void registeringTwiceIsAMistakeThatSaysSo() throws IOException {
        poller.register(listener, new Token(1), Interest.READABLE);
        assertThatThrownBy(() -> poller.register(listener, new Token(2), Interest.READABLE))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("already registered");
    }

    @Test
    void aClosedSocketReportsNothingMore() throws IOException {
        try (Socket client = client()) {
            StreamSocket accepted = acceptOne();
            poller.register(accepted, new Token(1), Interest.READABLE);
            poller.deregister(accepted);
            accepted.close();
            client.getOutputStream().write(new byte[10]);
            assertThat(poller.poll(events, 50_000_000L)).isZero();
        }
    }

    @Test
    void wakeupFromAnotherThreadEndsABlockingPoll() throws Exception {
        poller.register(listener, new Token(1), Interest.READABLE);
        CompletableFuture<Integer> polled = CompletableFuture.supplyAsync(() -> {
            try {
                return poller.poll(events, -1);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        // wake up until the poll returns: a wakeup before the poll started must also end it
        while (!polled.isDone()) {
            poller.wakeup();
            Thread.onSpinWait();
        }
        assertThat(polled.get(5, TimeUnit.SECONDS)).isZero();
    }

    @Test
    void timeoutsAreRoundedUpNotDown() throws IOException {
        poller.register(listener, new Token(1), Interest.READABLE);
        long start = System.nanoTime();
        assertThat(poller.poll(events, 300_000L)).isZero(); // 0.3 ms
        assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(300_000L);
        start = System.nanoTime();
        assertThat(poller.poll(events, 20_000_000L)).isZero();
        assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(20_000_000L);
    }

    @Test
    void peerCloseIsReportedAsReadableAndReadsEndOfStream() throws IOException {
        StreamSocket accepted;
        try (Socket client = client()) {
            accepted = acceptOne();
        }
        try (accepted) {
            poller.register(accepted, new Token(3), Interest.READABLE);
            assertThat(pollUntilReady()).isEqualTo(1);
            assertThat(events.isReadable(0)).isTrue();
            assertThat(accepted.read(ByteBuffer.allocate(8))).isEqualTo(-1);
        }
    }

    @Test
    void aConnectInProgressBecomesWritableWhenDone() throws IOException {
        InetSocketAddress address = (InetSocketAddress) listener.localAddress();
        try (StreamSocket outbound = backend().connect(Endpoint.parse("tcp://127.0.0.1:" + address.getPort()))) {
            poller.register(outbound, new Token(9), Interest.WRITABLE);
            assertThat(pollUntilReady()).isEqualTo(1);
            assertThat(events.isWritable(0)).isTrue();
            assertThat(outbound.finishConnect()).isTrue();
            assertThat(outbound.isConnectPending()).isFalse();
        }
    }
}
