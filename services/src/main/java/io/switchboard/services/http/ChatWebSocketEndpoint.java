package io.switchboard.services.http;

import io.switchboard.reactor.CloseReason;
import io.switchboard.reactor.Protocol;
import io.switchboard.reactor.Transport;
import io.switchboard.services.ServiceDirectory;
import io.switchboard.services.chat.ChatRooms;
import io.switchboard.services.http.websocket.WebSocketHandshake;
import io.switchboard.services.http.websocket.WebSocketOptions;
import io.switchboard.services.http.websocket.WebSocketSession;
import java.nio.ByteBuffer;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * {@code /chat/ws}: the browser chat's WebSocket, a bridge into the chat service's rooms. Each
 * connection becomes one chat member ({@link ChatRooms#newMember()}), the same as an {@code nc}
 * client: every text message from the browser is one or more chat lines, and every chat line
 * (or group of lines) the member is sent goes back as a text frame.
 *
 * <pre>
 *   browser ──text frame "hi\n/who"──▶ WebSocketSession ──"hi\n", "/who\n"──▶ chat member ──▶ room
 *   browser ◀──text frame "&lt;ana&gt; hi\n"── MessageTransport ◀──── write ──── chat member ◀── room
 * </pre>
 *
 * <p>A slow browser is the chat hub's business: the member's backlog is the connection's
 * {@code queuedBytes}, and a member past the hub's limit is dropped. Answers 503 when no chat
 * service runs in this serve.
 *
 * <p>Thread-safe.
 */
final class ChatWebSocketEndpoint implements HttpHandler {

    private final ServiceDirectory directory;
    private final WebSocketOptions options;

    ChatWebSocketEndpoint(ServiceDirectory directory, WebSocketOptions options) {
        this.directory = directory;
        this.options = options;
    }

    @Override
    public CompletionStage<HttpResponse> handle(HttpRequest request) {
        Optional<ChatRooms> rooms = directory.find(ChatRooms.class);
        if (rooms.isEmpty()) {
            return CompletableFuture.completedFuture(HttpResponse.text(503,
                    "The chat service is not running in this serve; start it with the HTTP service "
                            + "(serve chat http) to chat in the browser.\n"));
        }
        return CompletableFuture.completedFuture(WebSocketHandshake.answer(request,
                () -> new WebSocketSession(new ChatLines(rooms.get().newMember()), options)));
    }

    /**
     * A chat member fed whole WebSocket messages: a message is the member's lines, and its last
     * line needs no LF — the browser sends {@code "hi"}, the member reads {@code "hi\n"}.
     */
    private static final class ChatLines implements Protocol {

        private static final byte[] LF = {'\n'};

        private final Protocol member;

        ChatLines(Protocol member) {
            this.member = member;
        }

        @Override
        public void connectionMade(Transport transport) {
            member.connectionMade(transport);
        }

        @Override
        public void dataReceived(ByteBuffer message) {
            boolean ended = message.hasRemaining() && message.get(message.limit() - 1) == '\n';
            member.dataReceived(message);
            if (!ended) {
                member.dataReceived(ByteBuffer.wrap(LF));
            }
        }

        @Override
        public void readEnded(Transport transport) {
            member.readEnded(transport);
        }

        @Override
        public void writabilityChanged(boolean writable) {
            member.writabilityChanged(writable);
        }

        @Override
        public void stopRequested(Transport transport) {
            member.stopRequested(transport);
        }

        @Override
        public void connectionLost(CloseReason reason) {
            member.connectionLost(reason);
        }
    }
}
