package io.switchboard.services.http;

import java.util.concurrent.CompletionStage;

/**
 * Answers one kind of request. It runs on the connection's event loop and must not block: work
 * that touches the disk or waits returns a stage completed later (from any thread); the
 * connection reads no further request until it completes, so responses keep the requests' order.
 */
@FunctionalInterface
public interface HttpHandler {

    /** The response to {@code request}, now or later. A thrown exception or failed stage becomes a 500. */
    CompletionStage<HttpResponse> handle(HttpRequest request) throws Exception;
}
