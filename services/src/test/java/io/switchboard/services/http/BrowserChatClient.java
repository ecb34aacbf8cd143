package io.switchboard.services.http;

import io.switchboard.endpoint.Endpoint;
import io.switchboard.endpoint.InetEndpoint;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A test's browser: the JDK's WebSocket client on {@code /chat/ws}, chat lines in (a text message
 * may hold several, split on LF as the page does) and out, every wait bounded.
 */
final class BrowserChatClient implements WebSocket.Listener, AutoCloseable {

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final CompletableFuture<Integer> closeCode = new CompletableFuture<>();
    private final StringBuilder partial = new StringBuilder();
    private WebSocket socket;

    static BrowserChatClient connect(Endpoint httpEndpoint) throws Exception {
        InetEndpoint inet = (InetEndpoint) httpEndpoint;
        BrowserChatClient client = new BrowserChatClient();
        client.socket = client.http.newWebSocketBuilder()
                .buildAsync(URI.create("ws://" + inet.host() + ":" + inet.port() + "/chat/ws"), client)
                .get(20, TimeUnit.SECONDS);
        return client;
    }

    /** Connects, reads the welcome, takes {@code nick} and waits for the confirmation. */
    static BrowserChatClient named(Endpoint httpEndpoint, String nick) throws Exception {
        BrowserChatClient client = connect(httpEndpoint);
        client.expect(line -> line.startsWith("* Welcome"));
        client.send("/nick " + nick);
        client.expect(line -> line.equals("* you are now known as " + nick));
        return client;
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
            for (String line : partial.toString().split("\n")) {
                lines.add(line);
            }
            partial.setLength(0);
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        closeCode.complete(statusCode);
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        closeCode.completeExceptionally(error);
    }

    /** Sends one text message. */
    void send(String text) throws Exception {
        socket.sendText(text, true).get(20, TimeUnit.SECONDS);
    }

    /** Starts sending one text message without waiting: the server may close before it is all sent. */
    void sendWithoutWaiting(String text) {
        socket.sendText(text, true);
    }

    /** Reads lines until one matches and returns it; fails after 20 s. */
    String expect(Predicate<String> wanted) throws Exception {
        while (true) {
            String line = lines.poll(20, TimeUnit.SECONDS);
            if (line == null) {
                throw new IOException("no matching line within 20 s");
            }
            if (wanted.test(line)) {
                return line;
            }
        }
    }

    /** The close code the server sent; waits up to 20 s. */
    int closeCode() throws Exception {
        return closeCode.get(20, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        socket.abort();
        http.close();
    }
}
