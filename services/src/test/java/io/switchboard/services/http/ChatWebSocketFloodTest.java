package io.switchboard.services.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.endpoint.Endpoint;
import io.switchboard.io.ListenOptions;
import io.switchboard.reactor.Reactor;
import io.switchboard.server.Dispatch;
import io.switchboard.server.ServerConfig;
import io.switchboard.services.RunningService;
import io.switchboard.services.ServiceContext;
import io.switchboard.services.ServiceOptions;
import io.switchboard.services.ServiceRunner;
import io.switchboard.services.chat.ChatClient;
import io.switchboard.services.chat.ChatOptions;
import io.switchboard.services.chat.ChatService;
import io.switchboard.services.http.websocket.WebSocketOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Flood control through the browser chat: a WebSocket member is the same chat session as a TCP
 * one, so it is slowed the same way. The limits reach both services through the context, as
 * {@code serve}'s flags do. (That the idle ping does not count the silence of a paused peer is
 * {@code WebSocketSessionTest}'s, where it needs no race against a loaded machine.)
 */
@Timeout(60)
class ChatWebSocketFloodTest {

    private static final double RATE = 200;
    private static final int BURST = 20;
    private static final int MESSAGES = 3;
    private static final int LINES_PER_MESSAGE = 100; // 300 lines: at least (300 - 20) / 200 = 1.4 s

    private static final List<Endpoint> ANY_PORT = List.of(Endpoint.parse("tcp://127.0.0.1:0"));

    @TempDir
    Path dataDir;

    private record Servers(Endpoint chat, Endpoint http, AutoCloseable stopper) implements AutoCloseable {
        @Override
        public void close() throws Exception {
            stopper.close();
        }
    }

    private Servers start(String model) throws Exception {
        ServiceOptions options = ServiceOptions.DEFAULTS
                .withChat(ChatOptions.DEFAULTS.withLineRate(RATE, BURST))
                .withHttp(HttpOptions.DEFAULTS.withWebSocket(WebSocketOptions.DEFAULTS.withMaxMessageBytes(32 * 1024)));
        ServiceContext context = new ServiceContext(dataDir, options);
        if (model.equals("reactor")) {
            Reactor reactor = Reactor.builder().loops(2).name("ws-flood").build();
            RunningService chat = ServiceRunner.start(reactor, new ChatService(), ANY_PORT, ListenOptions.DEFAULTS, context);
            RunningService http = ServiceRunner.start(reactor, new HttpService(), ANY_PORT, ListenOptions.DEFAULTS, context);
            return new Servers(chat.boundEndpoints().get(0), http.boundEndpoints().get(0), () -> {
                http.close();
                chat.close();
                reactor.shutdown(Duration.ofSeconds(5));
            });
        }
        ServerConfig config = ServerConfig.DEFAULTS.withDispatch(Dispatch.virtual()).withShutdownGrace(Duration.ofSeconds(2));
        RunningService chat = ServiceRunner.startBlocking(new ChatService(), ANY_PORT, config, context);
        RunningService http = ServiceRunner.startBlocking(new HttpService(), ANY_PORT, config, context);
        return new Servers(chat.boundEndpoints().get(0), http.boundEndpoints().get(0), () -> {
            http.close();
            chat.close();
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"reactor", "virtual"})
    void aBrowserFlooderIsSlowedNotDroppedAndATcpSenderIsNot(String model) throws Exception {
        try (Servers servers = start(model);
                ChatClient carl = ChatClient.named(servers.chat(), "carl");
                ChatClient bob = ChatClient.named(servers.chat(), "bob");
                BrowserChatClient web = BrowserChatClient.named(servers.http(), "web")) {
            carl.expect(line -> line.endsWith(" is now known as web"));
            long start = System.nanoTime();
            for (int m = 0; m < MESSAGES; m++) {
                StringBuilder message = new StringBuilder();
                for (int i = 0; i < LINES_PER_MESSAGE; i++) {
                    message.append('f').append(m * LINES_PER_MESSAGE + i).append(" ").append("x".repeat(90)).append('\n');
                }
                web.send(message.toString());
            }
            web.expect(line -> line.startsWith("* slow down: you are sending more than 200 lines a second"));
            bob.send("honest");

            int total = MESSAGES * LINES_PER_MESSAGE;
            List<Integer> heard = new ArrayList<>();
            int heardBeforeHonest = -1;
            while (heard.size() < total) {
                String line = carl.read();
                assertThat(line).as("carl's stream ended after %d flood lines", heard.size()).isNotNull();
                if (line.equals("<bob> honest")) {
                    heardBeforeHonest = heard.size();
                } else if (line.startsWith("<web> f")) {
                    heard.add(Integer.parseInt(line.substring("<web> f".length(), line.indexOf(' ', 6))));
                }
            }
            double seconds = (System.nanoTime() - start) / 1e9;

            assertThat(heardBeforeHonest).as("bob's line reached carl while the flood was held back")
                    .isBetween(0, total - 1);
            assertThat(heard).isEqualTo(IntStream.range(0, total).boxed().toList());
            double floor = (total - BURST) / RATE;
            assertThat(seconds).isGreaterThanOrEqualTo(floor).isLessThan(3 * floor + 5);

            web.send("/who"); // not dropped by the idle ping while paused
            assertThat(web.expect(line -> line.startsWith("* in "))).isEqualTo("* in lobby (3): bob, carl, web");
        }
    }
}
