package io.switchboard.services.http;

import io.switchboard.services.ServiceDirectory;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** {@code /chat/ws}: the browser chat's WebSocket; being built (answers 501 until then). */
final class ChatWebSocketEndpoint implements HttpHandler {

    private final ServiceDirectory directory;

    ChatWebSocketEndpoint(ServiceDirectory directory) {
        this.directory = directory;
    }

    @Override
    public CompletionStage<HttpResponse> handle(HttpRequest request) {
        return CompletableFuture.completedFuture(HttpResponse.text(501, "WebSocket chat is not built yet\n"));
    }
}
