package io.switchboard.services.chat;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.reactor.EventLoop;
import io.switchboard.reactor.Timer;
import io.switchboard.testing.TimerDouble;
import io.switchboard.testing.TransportDouble;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import org.junit.jupiter.api.Test;

/**
 * Flood control counted token by token: chat sessions on a simulated loop whose clock and timers
 * the test moves, so every assertion is exact and nothing waits on the wall clock.
 */
class ChatFloodControlTest {

    private static final long MS = 1_000_000;

    private final SimulatedLoop loop = new SimulatedLoop();

    /** A hub at 10 lines a second with bursts of 5, on the simulated clock. */
    private ChatHub hub(ChatOptions options) {
        return new ChatHub(options, () -> loop.now);
    }

    private static final ChatOptions TEN_A_SECOND = ChatOptions.DEFAULTS.withLineRate(10, 5);

    private static ByteBuffer lines(String prefix, int count) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < count; i++) {
            text.append(prefix).append(i).append('\n');
        }
        return ByteBuffer.wrap(text.toString().getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aFlooderGetsItsBurstThenOneLinePerIntervalAndNothingIsLost() {
        ChatHub hub = hub(TEN_A_SECOND);
        Client flooder = loop.connect(hub);
        Client listener = loop.connect(hub);
        flooder.session.dataReceived(lines("f", 100));

        assertThat(listener.said("guest-1")).containsExactly("f0", "f1", "f2", "f3", "f4");
        assertThat(flooder.transport.paused()).isTrue();
        assertThat(flooder.transport.lines()).contains(
                "* slow down: you are sending more than 10 lines a second (bursts of 5); your lines are delayed, not lost");
        for (int k = 1; k <= 95; k++) {
            loop.advance(100 * MS);
            assertThat(listener.said("guest-1")).as("after %d intervals", k).hasSize(5 + k);
            assertThat(flooder.transport.paused()).isEqualTo(k < 95);
        }
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            expected.add("f" + i);
        }
        assertThat(listener.said("guest-1")).isEqualTo(expected);
        assertThat(flooder.transport.lines()).filteredOn(line -> line.startsWith("* slow down")).hasSize(1);
    }

    @Test
    void anHonestSenderIsNotSlowedByAFlooder() {
        ChatHub hub = hub(TEN_A_SECOND);
        Client flooder = loop.connect(hub);
        Client honest = loop.connect(hub);
        Client listener = loop.connect(hub);
        flooder.session.dataReceived(lines("f", 100));
        loop.advance(2_000 * MS);
        assertThat(listener.said("guest-1")).hasSize(25);
        honest.session.dataReceived(lines("h", 3));
        assertThat(listener.said("guest-2")).containsExactly("h0", "h1", "h2"); // at once, same instant
        assertThat(honest.transport.paused()).isFalse();
        assertThat(honest.transport.lines()).noneMatch(line -> line.startsWith("* slow down"));
    }

    @Test
    void idleTimeSavesAtMostOneBurst() {
        ChatHub hub = hub(TEN_A_SECOND);
        Client sender = loop.connect(hub);
        Client listener = loop.connect(hub);
        loop.advance(3_600_000 * MS);
        sender.session.dataReceived(lines("x", 20));
        assertThat(listener.said("guest-1")).hasSize(5);
    }

    @Test
    void commandsAndRefusedLinesCountToo() {
        ChatHub hub = hub(TEN_A_SECOND);
        Client sender = loop.connect(hub);
        Client listener = loop.connect(hub);
        String tooLong = "y".repeat(5000);
        sender.session.dataReceived(ByteBuffer.wrap(("/who\n/help\n" + tooLong + "\n/nick ana\nhello\nlast\n")
                .getBytes(StandardCharsets.UTF_8)));
        assertThat(listener.said("guest-1")).isEmpty();
        assertThat(listener.said("ana")).containsExactly("hello"); // the fifth line; "last" waits
        loop.advance(100 * MS);
        assertThat(listener.said("ana")).containsExactly("hello", "last");
    }

    @Test
    void bytesThatArriveWhileWaitingQueueBehindTheHeldOnes() {
        // as the WebSocket bridge does: the rest of a read's messages, after reading was paused
        ChatHub hub = hub(TEN_A_SECOND);
        Client sender = loop.connect(hub);
        Client listener = loop.connect(hub);
        sender.session.dataReceived(lines("a", 8));
        sender.session.dataReceived(ByteBuffer.wrap("par".getBytes(StandardCharsets.UTF_8)));
        sender.session.dataReceived(ByteBuffer.wrap("tial\nb0\n".getBytes(StandardCharsets.UTF_8)));
        loop.advance(10_000 * MS);
        assertThat(listener.said("guest-1")).containsExactly("a0", "a1", "a2", "a3", "a4", "a5", "a6", "a7",
                "partial", "b0");
        assertThat(sender.transport.paused()).isFalse();
    }

    @Test
    void theEndOfStreamWaitsForTheHeldLines() {
        ChatHub hub = hub(TEN_A_SECOND);
        Client sender = loop.connect(hub);
        Client listener = loop.connect(hub);
        sender.session.dataReceived(lines("e", 10));
        sender.session.readEnded(sender.transport);
        assertThat(sender.transport.closes() > 0).isFalse();
        loop.advance(400 * MS);
        assertThat(sender.transport.closes() > 0).isFalse();
        loop.advance(100 * MS);
        assertThat(listener.said("guest-1")).hasSize(10);
        assertThat(sender.transport.closes() > 0).isTrue();
        assertThat(listener.transport.lines()).last().isEqualTo("* guest-1 left lobby");
    }

    @Test
    void aStopDropsWhatWasNotAcceptedAndResumesReadingToClose() {
        ChatHub hub = hub(TEN_A_SECOND);
        Client sender = loop.connect(hub);
        Client listener = loop.connect(hub);
        sender.session.dataReceived(lines("s", 10));
        sender.session.stopRequested(sender.transport);
        assertThat(sender.transport.paused()).isFalse();
        assertThat(sender.transport.closes() > 0).isTrue();
        assertThat(sender.transport.lines()).last().isEqualTo(ChatSession.SHUTDOWN);
        loop.advance(10_000 * MS);
        assertThat(listener.said("guest-1")).hasSize(5);
        assertThat(loop.timers).isEmpty();
    }

    @Test
    void withFloodControlOffNothingWaits() {
        ChatHub hub = hub(ChatOptions.DEFAULTS.withoutFloodControl());
        Client sender = loop.connect(hub);
        Client listener = loop.connect(hub);
        sender.session.dataReceived(lines("n", 1000));
        assertThat(listener.said("guest-1")).hasSize(1000);
        assertThat(sender.transport.paused()).isFalse();
        assertThat(loop.timers).isEmpty();
    }

    // ---- a loop, a clock and transports the test drives ---------------------------------------

    private record Client(ChatSession session, SimulatedTransport transport) {
        /** The texts of {@code nick}'s lines this client received. */
        List<String> said(String nick) {
            String prefix = "<" + nick + "> ";
            return transport.lines().stream().filter(line -> line.startsWith(prefix))
                    .map(line -> line.substring(prefix.length())).toList();
        }
    }

    private static final class SimulatedLoop implements EventLoop {
        private record Due(long at, long order, Runnable task, TimerDouble timer) {
        }

        long now = 1_000_000_000_000L;
        private long order;
        final PriorityQueue<Due> timers = new PriorityQueue<>((a, b) -> a.at != b.at ? Long.compare(a.at, b.at)
                : Long.compare(a.order, b.order));
        private int connections;

        Client connect(ChatHub hub) {
            ChatSession session = new ChatSession(hub);
            SimulatedTransport transport = new SimulatedTransport(this, ++connections);
            session.connectionMade(transport);
            return new Client(session, transport);
        }

        /** Moves the clock, firing every timer due on the way, each at its own time. */
        void advance(long nanos) {
            long until = now + nanos;
            while (!timers.isEmpty() && timers.peek().at <= until) {
                Due due = timers.poll();
                if (!due.timer.isCancelled()) {
                    now = due.at;
                    due.task.run();
                }
            }
            now = until;
        }

        @Override
        public String name() {
            return "simulated";
        }

        @Override
        public boolean inEventLoop() {
            return true;
        }

        @Override
        public void execute(Runnable task) {
            task.run();
        }

        @Override
        public Timer schedule(Duration delay, Runnable task) {
            TimerDouble timer = new TimerDouble();
            timers.add(new Due(now + delay.toNanos(), order++, task, timer));
            return timer;
        }

        @Override
        public Timer every(Duration period, Runnable task) {
            throw new UnsupportedOperationException("chat sessions use no periodic timers");
        }
    }

    private static final class SimulatedTransport extends TransportDouble {

        SimulatedTransport(SimulatedLoop loop, long id) {
            super(loop, id, new InetSocketAddress("127.0.0.1", 8008), new InetSocketAddress("127.0.0.1", 40_000 + (int) id));
        }

        List<String> lines() {
            String text = writtenText();
            return text.isEmpty() ? List.of() : List.of(text.split("\n"));
        }
    }
}
