package io.switchboard.services.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.endpoint.Endpoint;
import io.switchboard.io.Backends;
import io.switchboard.reactor.Reactor;
import io.switchboard.server.Dispatch;
import io.switchboard.server.ServerConfig;
import io.switchboard.services.RunningService;
import io.switchboard.services.ServiceRunner;
import java.io.IOException;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The chat service over loopback under the reactor (NIO and epoll) and the blocking models that
 * can hold a room (threads, virtual): delivery, rooms, nicks, hostile input, slow readers, shutdown.
 */
@Timeout(120)
class ChatServiceTest {

    /** A running chat server under one model; closing it stops it gracefully. */
    private record Server(Endpoint endpoint, AutoCloseable stopper) implements AutoCloseable {
        @Override
        public void close() throws Exception {
            stopper.close();
        }
    }

    private static Server start(String model, ChatOptions options) throws IOException {
        ChatService service = new ChatService(options);
        List<Endpoint> any = List.of(Endpoint.parse("tcp://127.0.0.1:0"));
        if (model.startsWith("reactor-")) {
            Reactor reactor = Reactor.builder().loops(2).name("chat")
                    .backend(Backends.named(model.substring("reactor-".length()))).build();
            RunningService running = ServiceRunner.start(reactor, service, any);
            return new Server(running.boundEndpoints().get(0), () -> reactor.shutdown(Duration.ofSeconds(5)));
        }
        Dispatch dispatch = model.equals("threads") ? Dispatch.threads(512) : Dispatch.virtual();
        RunningService running = ServiceRunner.startBlocking(service, any,
                ServerConfig.DEFAULTS.withDispatch(dispatch).withShutdownGrace(Duration.ofSeconds(5)));
        return new Server(running.boundEndpoints().get(0), running);
    }

    private static Server start(String model) throws IOException {
        return start(model, ChatOptions.DEFAULTS);
    }

    @ParameterizedTest
    @ValueSource(strings = {"reactor-nio", "reactor-select", "reactor-poll", "reactor-epoll", "reactor-epoll-et",
            "threads", "virtual"})
    void threeClientsChatWithNicksNoticesAndNoEcho(String model) throws Exception {
        try (Server server = start(model);
                ChatClient ana = ChatClient.named(server.endpoint(), "ana");
                ChatClient bob = ChatClient.named(server.endpoint(), "bob")) {
            ana.expect(line -> line.equals("* bob is now known as bob") || line.startsWith("* guest-"));
            try (ChatClient carl = ChatClient.named(server.endpoint(), "carl")) {
                ana.send("hello, 你好");
                assertThat(bob.expect(line -> line.startsWith("<"))).isEqualTo("<ana> hello, 你好");
                assertThat(carl.expect(line -> line.startsWith("<"))).isEqualTo("<ana> hello, 你好");
                carl.send("/me waves");
                assertThat(ana.expect(line -> line.contains("waves"))).isEqualTo("* carl waves");
                bob.send("/msg ANA psst");
                assertThat(bob.expect(line -> line.startsWith("["))).isEqualTo("[private to ana] psst");
                assertThat(ana.expect(line -> line.startsWith("["))).isEqualTo("[private from bob] psst");
                ana.send("/who");
                assertThat(ana.expect(line -> line.startsWith("* in "))).isEqualTo("* in lobby (3): ana, bob, carl");
                // ana never sees her own line echoed: the next line she gets is bob's
                bob.send("after");
                assertThat(ana.expect(line -> line.startsWith("<"))).isEqualTo("<bob> after");
                carl.send("/quit");
                assertThat(carl.expect(line -> line.equals("* bye"))).isNotNull();
                // then the server closes; a line fanned out while /quit was handled may still come first
                int after = 0;
                while (carl.read() != null) {
                    after++;
                }
                assertThat(after).isLessThanOrEqualTo(1);
                assertThat(ana.expect(line -> line.contains("carl left"))).isEqualTo("* carl left lobby");
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"reactor-nio", "reactor-epoll", "reactor-epoll-et", "threads", "virtual"})
    void everyMessageReachesEveryOtherClientExactlyOnceInOrder(String model) throws Exception {
        int clients = 200;
        int messages = 20;
        try (Server server = start(model)) {
            List<ChatClient> all = new ArrayList<>();
            try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
                for (int i = 0; i < clients; i++) {
                    all.add(ChatClient.named(server.endpoint(), "c" + i));
                }
                List<Future<Map<String, List<Integer>>>> received = new ArrayList<>();
                for (ChatClient client : all) {
                    received.add(threads.submit(() -> readChat(client, (clients - 1) * messages)));
                }
                List<Future<?>> sent = new ArrayList<>();
                for (int i = 0; i < clients; i++) {
                    ChatClient client = all.get(i);
                    sent.add(threads.submit(() -> {
                        for (int m = 0; m < messages; m++) {
                            client.send("m" + m);
                        }
                        return null;
                    }));
                }
                for (Future<?> f : sent) {
                    f.get(60, TimeUnit.SECONDS);
                }
                List<Integer> expected = java.util.stream.IntStream.range(0, messages).boxed().toList();
                for (int i = 0; i < clients; i++) {
                    Map<String, List<Integer>> bySender = received.get(i).get(60, TimeUnit.SECONDS);
                    assertThat(bySender).as("senders heard by c%d", i).hasSize(clients - 1).doesNotContainKey("c" + i);
                    for (Map.Entry<String, List<Integer>> entry : bySender.entrySet()) {
                        assertThat(entry.getValue()).as("c%d hearing %s", i, entry.getKey()).isEqualTo(expected);
                    }
                }
            } finally {
                for (ChatClient client : all) {
                    client.close();
                }
            }
        }
    }

    /** Reads chat lines until {@code count} arrived; each sender's message numbers in arrival order. */
    private static Map<String, List<Integer>> readChat(ChatClient client, int count) throws IOException {
        Map<String, List<Integer>> bySender = new HashMap<>();
        int got = 0;
        while (got < count) {
            String line = client.read();
            if (line == null) {
                throw new IOException("end of stream after " + got + " of " + count + " chat lines");
            }
            if (!line.startsWith("<")) {
                continue;
            }
            int close = line.indexOf("> m");
            bySender.computeIfAbsent(line.substring(1, close), k -> new ArrayList<>())
                    .add(Integer.parseInt(line.substring(close + 3)));
            got++;
        }
        return bySender;
    }

    @ParameterizedTest
    @ValueSource(strings = {"reactor-epoll", "virtual"})
    void roomsIsolate(String model) throws Exception {
        try (Server server = start(model);
                ChatClient ana = ChatClient.named(server.endpoint(), "ana");
                ChatClient bob = ChatClient.named(server.endpoint(), "bob");
                ChatClient carl = ChatClient.named(server.endpoint(), "carl")) {
            carl.send("/join games");
            assertThat(carl.expect(line -> line.startsWith("* you are in"))).isEqualTo("* you are in games: carl");
            assertThat(ana.expect(line -> line.contains("left for"))).isEqualTo("* carl left for games");
            bob.send("/join Games");
            assertThat(carl.expect(line -> line.contains("joined"))).isEqualTo("* bob joined games");
            ana.send("only the lobby hears this");
            carl.send("only games hears this");
            assertThat(bob.expect(line -> line.startsWith("<"))).isEqualTo("<carl> only games hears this");
            bob.send("/join lobby");
            bob.send("back");
            assertThat(ana.expect(line -> line.startsWith("<"))).isEqualTo("<bob> back");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"reactor-nio", "threads"})
    void nicksAreUniqueAndValidated(String model) throws Exception {
        try (Server server = start(model);
                ChatClient ana = ChatClient.named(server.endpoint(), "ana");
                ChatClient other = new ChatClient(server.endpoint())) {
            other.expect(line -> line.startsWith("* Welcome"));
            other.send("/nick ana");
            assertThat(other.expect(line -> line.startsWith("!"))).isEqualTo("! the nick 'ana' is taken; choose another");
            other.send("/nick ANA");
            assertThat(other.expect(line -> line.startsWith("!"))).contains("taken");
            other.send("/nick ../etc");
            assertThat(other.expect(line -> line.startsWith("!"))).startsWith("! invalid nick '../etc'");
            other.send("/nick " + "x".repeat(21));
            assertThat(other.expect(line -> line.startsWith("!"))).startsWith("! invalid nick");
            other.send("/dance");
            assertThat(other.expect(line -> line.startsWith("!"))).isEqualTo("! unknown command '/dance'; /help lists the commands");
            other.send("/msg nobody hi");
            assertThat(other.expect(line -> line.startsWith("!"))).startsWith("! no one is called 'nobody'");
            ana.send("/nick anna");
            ana.expect(line -> line.equals("* you are now known as anna"));
            other.send("/nick ana");
            assertThat(other.expect(line -> line.startsWith("* you are"))).isEqualTo("* you are now known as ana");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"reactor-epoll", "virtual"})
    void hostileInputIsRefusedOrCleanedAndTheSenderStays(String model) throws Exception {
        try (Server server = start(model);
                ChatClient ana = ChatClient.named(server.endpoint(), "ana");
                ChatClient bob = ChatClient.named(server.endpoint(), "bob")) {
            ana.sendRaw(("y".repeat(10_000) + "\n").getBytes(StandardCharsets.US_ASCII));
            assertThat(ana.expect(line -> line.startsWith("!")))
                    .isEqualTo("! line too long (10000 bytes, the limit is 4096); it was not sent");
            ana.sendRaw(new byte[] {(byte) 0xff, (byte) 0xfe, 'o', 'k', '\n'});
            assertThat(bob.expect(line -> line.startsWith("<"))).isEqualTo("<ana> \uFFFD\uFFFDok");
            ana.send("\u001b[2J\u001b[H\u001b]0;owned\u0007clean\u001b[31m text\u0000\u007f");
            assertThat(bob.expect(line -> line.startsWith("<"))).isEqualTo("<ana> clean text");
            ana.send("");
            ana.send("   ");
            ana.send("\u001b[0m");
            ana.send("last");
            assertThat(bob.expect(line -> line.startsWith("<"))).isEqualTo("<ana> last");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"reactor-nio", "reactor-epoll", "threads", "virtual"})
    void aClientThatNeverReadsIsDroppedAndNobodyElseStalls(String model) throws Exception {
        ChatOptions small = new ChatOptions(4096, 64 * 1024).withoutFloodControl(); // the talker is fast, not the point
        int lines = 8_000; // 8 MB: more than the kernel's socket buffers hold for the silent client
        String payload = "z".repeat(1000);
        try (Server server = start(model, small);
                ChatClient talker = ChatClient.named(server.endpoint(), "talker");
                ChatClient listener = ChatClient.named(server.endpoint(), "listener");
                ChatClient silent = ChatClient.named(server.endpoint(), "silent")) {
            silent.socket().setReceiveBufferSize(4096);
            // The talker sends in batches the listener keeps up with: a reading client is never
            // dropped, however much is said; the silent one falls behind past the limit.
            java.util.concurrent.Semaphore heardLines = new java.util.concurrent.Semaphore(0);
            try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
                Future<Integer> heard = threads.submit(() -> {
                    int n = 0;
                    while (n < lines) {
                        String line = listener.read();
                        if (line == null) {
                            break;
                        }
                        if (line.startsWith("<talker> ")) {
                            n++;
                            heardLines.release();
                        }
                    }
                    return n;
                });
                int batch = 20;
                for (int i = 0; i < lines; i += batch) {
                    for (int j = 0; j < batch; j++) {
                        talker.send(payload);
                    }
                    assertThat(heardLines.tryAcquire(batch, 20, TimeUnit.SECONDS)).as("listener kept up").isTrue();
                }
                assertThat(heard.get(60, TimeUnit.SECONDS)).isEqualTo(lines);
            }
            assertThat(talker.expect(line -> line.contains("silent left"))).isEqualTo("* silent left lobby");
            assertThatThrownBy(() -> {
                while (silent.read() != null) {
                    // drain what was sent before the drop; then the stream ends or is reset
                }
                throw new SocketException("closed");
            }).isInstanceOf(IOException.class);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"reactor-nio", "reactor-epoll", "threads", "virtual"})
    void shutdownNoticeReachesEveryClientAfterEveryAcceptedLine(String model) throws Exception {
        Server server = start(model, ChatOptions.DEFAULTS.withoutFloodControl()); // every line accepted at once
        try (ChatClient talker = ChatClient.named(server.endpoint(), "talker");
                ChatClient a = ChatClient.named(server.endpoint(), "a");
                ChatClient b = ChatClient.named(server.endpoint(), "b")) {
            for (int i = 0; i < 200; i++) {
                talker.send("n" + i);
            }
            a.expect(line -> line.equals("<talker> n0"));
            server.close();
            for (ChatClient client : List.of(a, b)) {
                int next = client == a ? 1 : 0;
                String line;
                while ((line = client.read()) != null && !line.contains("Shutdown")) {
                    if (line.startsWith("<talker> n")) {
                        assertThat(line).isEqualTo("<talker> n" + next); // a gap would be a lost line
                        next++;
                    }
                }
                assertThat(line).isEqualTo(ChatSession.SHUTDOWN);
                assertThat(client.read()).isNull();
            }
            assertThat(talker.expect(line -> line.contains("Shutdown"))).isEqualTo(ChatSession.SHUTDOWN);
        }
    }
}
