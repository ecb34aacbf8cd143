package io.switchboard.services.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.endpoint.Endpoint;
import io.switchboard.io.ListenOptions;
import io.switchboard.reactor.Reactor;
import io.switchboard.server.Dispatch;
import io.switchboard.server.ServerConfig;
import io.switchboard.services.RunningService;
import io.switchboard.services.Service;
import io.switchboard.services.ServiceContext;
import io.switchboard.services.ServiceRunner;
import io.switchboard.services.chat.ChatService;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The browser chat end to end: the chat and HTTP services started together (one context), the
 * JDK's WebSocket client on {@code /chat/ws} and plain TCP chat clients in the same room.
 */
@Timeout(60)
class ChatWebSocketTest {

    private static final List<Endpoint> ANY_PORT = List.of(Endpoint.parse("tcp://127.0.0.1:0"));

    @TempDir
    Path dataDir;

    /** The chat and HTTP services of one serve; closing stops both. */
    private record Servers(Endpoint chat, Endpoint http, AutoCloseable stopper) implements AutoCloseable {
        @Override
        public void close() throws Exception {
            stopper.close();
        }
    }

    private Servers start(String model, boolean withChat) throws IOException {
        ServiceContext context = new ServiceContext(dataDir);
        if (model.equals("reactor")) {
            Reactor reactor = Reactor.builder().loops(2).name("ws-chat").build();
            RunningService chat = withChat ? ServiceRunner.start(reactor, new ChatService(), ANY_PORT,
                    ListenOptions.DEFAULTS, context) : null;
            RunningService http = ServiceRunner.start(reactor, new HttpService(), ANY_PORT, ListenOptions.DEFAULTS, context);
            return new Servers(chat == null ? null : chat.boundEndpoints().get(0), http.boundEndpoints().get(0), () -> {
                http.close();
                if (chat != null) {
                    chat.close();
                }
                reactor.shutdown(Duration.ofSeconds(5));
            });
        }
        ServerConfig config = ServerConfig.DEFAULTS.withDispatch(Dispatch.virtual()).withShutdownGrace(Duration.ofSeconds(2));
        RunningService chat = withChat ? startBlocking(new ChatService(), config, context) : null;
        RunningService http = startBlocking(new HttpService(), config, context);
        return new Servers(chat == null ? null : chat.boundEndpoints().get(0), http.boundEndpoints().get(0), () -> {
            http.close();
            if (chat != null) {
                chat.close();
            }
        });
    }

    private static RunningService startBlocking(Service service, ServerConfig config, ServiceContext context)
            throws IOException {
        return ServiceRunner.startBlocking(service, ANY_PORT, config, context);
    }

    @ParameterizedTest
    @ValueSource(strings = {"reactor", "virtual"})
    void theBrowserAndATcpClientChatBothWays(String model) throws Exception {
        try (Servers servers = start(model, true);
                io.switchboard.services.chat.ChatClient ana = io.switchboard.services.chat.ChatClient.named(servers.chat(), "ana");
                BrowserChatClient web = BrowserChatClient.named(servers.http(), "web")) {
            web.send("hello from the browser, 你好");
            assertThat(ana.expect(line -> line.startsWith("<"))).isEqualTo("<web> hello from the browser, 你好");
            ana.send("hi web");
            assertThat(web.expect(line -> line.startsWith("<"))).isEqualTo("<ana> hi web");
            web.send("one\ntwo\n");
            assertThat(ana.expect(line -> line.startsWith("<"))).isEqualTo("<web> one");
            assertThat(ana.expect(line -> line.startsWith("<"))).isEqualTo("<web> two");
            web.send("/who");
            assertThat(web.expect(line -> line.startsWith("* in "))).isEqualTo("* in lobby (2): ana, web");
            web.send("/msg ana psst");
            assertThat(ana.expect(line -> line.startsWith("["))).isEqualTo("[private from web] psst");
            web.send("/join kitchen");
            web.expect(line -> line.contains("kitchen"));
            ana.send("/join kitchen");
            ana.send("in the kitchen");
            assertThat(web.expect(line -> line.startsWith("<"))).isEqualTo("<ana> in the kitchen");
            web.send("/quit");
            web.expect(line -> line.equals("* bye"));
            assertThat(web.closeCode()).isEqualTo(1000);
            assertThat(ana.expect(line -> line.equals("* web left kitchen"))).isNotNull();
        }
    }

    @Test
    void anOversizeMessageClosesWith1009AndTheOthersStayConnected() throws Exception {
        try (Servers servers = start("reactor", true);
                io.switchboard.services.chat.ChatClient ana = io.switchboard.services.chat.ChatClient.named(servers.chat(), "ana");
                BrowserChatClient big = BrowserChatClient.named(servers.http(), "big");
                BrowserChatClient web = BrowserChatClient.named(servers.http(), "web")) {
            big.sendWithoutWaiting("x".repeat(70_000));
            assertThat(big.closeCode()).isEqualTo(1009);
            assertThat(ana.expect(line -> line.contains("big left"))).isEqualTo("* big left lobby");
            ana.send("still here");
            assertThat(web.expect(line -> line.startsWith("<"))).isEqualTo("<ana> still here");
            web.send("me too");
            assertThat(ana.expect(line -> line.startsWith("<"))).isEqualTo("<web> me too");
        }
    }

    @Test
    void aGracefulStopSaysGoodbyeAndClosesWith1001() throws Exception {
        Servers servers = start("reactor", true);
        try (BrowserChatClient web = BrowserChatClient.named(servers.http(), "web")) {
            servers.close();
            assertThat(web.expect(line -> line.startsWith("* Shutdown"))).startsWith("* Shutdown: the server is stopping");
            assertThat(web.closeCode()).isEqualTo(1001);
        }
    }

    @Test
    void aPageOfAnotherSiteMayNotJoinTheChat() throws Exception {
        try (Servers servers = start("reactor", true)) {
            try (RawWebSocket evil = new RawWebSocket(servers.http())) {
                String head = evil.handshake("/chat/ws", "Origin: http://evil.example\r\n");
                assertThat(head).startsWith("HTTP/1.1 403 ");
                assertThat(evil.closedByServer()).isFalse(); // the refusal's body comes first
            }
            try (RawWebSocket same = new RawWebSocket(servers.http())) {
                String head = same.handshake("/chat/ws", "Origin: http://127.0.0.1\r\n");
                assertThat(head).startsWith("HTTP/1.1 101 ").contains("Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
                assertThat(same.read().text()).startsWith("* Welcome");
            }
        }
    }

    @Test
    void withoutAChatServiceTheEndpointSays503() throws Exception {
        try (Servers servers = start("reactor", false); RawWebSocket client = new RawWebSocket(servers.http())) {
            assertThat(client.handshake("/chat/ws", "")).startsWith("HTTP/1.1 503 ");
        }
    }
}
