package io.switchboard.services.chat;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.endpoint.Endpoint;
import io.switchboard.io.Backends;
import io.switchboard.reactor.Reactor;
import io.switchboard.server.Dispatch;
import io.switchboard.server.ServerConfig;
import io.switchboard.services.RunningService;
import io.switchboard.services.ServiceRunner;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Flood control over loopback under every model chat runs in: a flooder is slowed, not dropped;
 * an honest sender in the same room is not slowed; every line the flooder sent arrives, in order.
 *
 * <p>The rate is checked without a flaky wall-clock bound: a bucket of {@code BURST} tokens gaining
 * {@code RATE} a second cannot release {@code LINES} lines in less than
 * {@code (LINES - BURST) / RATE} seconds, so that lower bound is exact whatever the machine's load.
 * Only the upper bound has slack (timers fire late on a busy machine; the bucket keeps the tokens a
 * late timer missed, so lateness does not add up), and it is generous. The exact counting, token
 * by token, is {@link ChatFloodControlTest}'s, on a simulated clock.
 */
@Timeout(60)
class ChatFloodTest {

    private static final double RATE = 200;
    private static final int BURST = 20;
    private static final int LINES = 300; // at least (300 - 20) / 200 = 1.4 s

    /** A running chat server under one model; closing it stops it. */
    private record Server(Endpoint endpoint, AutoCloseable stopper) implements AutoCloseable {
        @Override
        public void close() throws Exception {
            stopper.close();
        }
    }

    private static Server start(String model) throws Exception {
        ChatService service = new ChatService(ChatOptions.DEFAULTS.withLineRate(RATE, BURST));
        List<Endpoint> any = List.of(Endpoint.parse("tcp://127.0.0.1:0"));
        if (model.startsWith("reactor-")) {
            Reactor reactor = Reactor.builder().loops(2).name("flood")
                    .backend(Backends.named(model.substring("reactor-".length()))).build();
            RunningService running = ServiceRunner.start(reactor, service, any);
            return new Server(running.boundEndpoints().get(0), () -> reactor.shutdown(Duration.ofSeconds(5)));
        }
        Dispatch dispatch = model.equals("threads") ? Dispatch.threads(16) : Dispatch.virtual();
        RunningService running = ServiceRunner.startBlocking(service, any,
                ServerConfig.DEFAULTS.withDispatch(dispatch).withShutdownGrace(Duration.ofSeconds(5)));
        return new Server(running.boundEndpoints().get(0), running);
    }

    /** {@code LINES} numbered lines of about 100 bytes, as one write. */
    static byte[] flood() {
        StringBuilder text = new StringBuilder();
        String padding = " " + "x".repeat(95);
        for (int i = 0; i < LINES; i++) {
            text.append('f').append(i).append(padding).append('\n');
        }
        return text.toString().getBytes(StandardCharsets.UTF_8);
    }

    @ParameterizedTest
    @ValueSource(strings = {"reactor-nio", "reactor-epoll", "reactor-epoll-et", "threads", "virtual"})
    void aFlooderIsSlowedNotDroppedAndAnHonestSenderIsNot(String model) throws Exception {
        try (Server server = start(model);
                ChatClient carl = ChatClient.named(server.endpoint(), "carl");
                ChatClient bob = ChatClient.named(server.endpoint(), "bob");
                ChatClient ana = ChatClient.named(server.endpoint(), "ana")) {
            carl.expect(line -> line.endsWith(" is now known as ana"));
            long start = System.nanoTime();
            ana.sendRaw(flood());
            ana.expect(line -> line.startsWith("* slow down: you are sending more than 200 lines a second"));
            bob.send("honest");

            List<Integer> heard = new ArrayList<>();
            int heardBeforeHonest = -1;
            while (heard.size() < LINES) {
                String line = carl.read();
                assertThat(line).as("carl's stream ended after %d flood lines", heard.size()).isNotNull();
                if (line.equals("<bob> honest")) {
                    heardBeforeHonest = heard.size();
                } else if (line.startsWith("<ana> f")) {
                    heard.add(Integer.parseInt(line.substring("<ana> f".length(), line.indexOf(' ', 6))));
                }
            }
            double seconds = (System.nanoTime() - start) / 1e9;

            assertThat(heardBeforeHonest).as("bob's line reached carl while the flood was still held back")
                    .isBetween(0, LINES - 1);
            assertThat(heard).as("every flood line, once, in order")
                    .isEqualTo(java.util.stream.IntStream.range(0, LINES).boxed().toList());
            double floor = (LINES - BURST) / RATE;
            assertThat(seconds).as("the flood cannot beat the rate").isGreaterThanOrEqualTo(floor);
            assertThat(seconds).as("nor be held far beyond it").isLessThan(3 * floor + 5);

            ana.send("/who"); // still connected, and the bucket refills
            assertThat(ana.expect(line -> line.startsWith("* in "))).isEqualTo("* in lobby (3): ana, bob, carl");
        }
    }
}
