package io.switchboard.services.http;

import io.switchboard.services.http.websocket.WebSocketOptions;
import java.time.Duration;
import java.util.Objects;

/**
 * The HTTP service's limits.
 *
 * @param limits      the request parser's limits (header block, target, body): 16 KiB, 8 KiB, 1 MiB
 * @param idleTimeout how long a keep-alive connection may sit idle, and how long a request may take
 *                    to arrive once started (then 408), default 30 s
 * @param webSocket   the limits of WebSocket connections ({@code /chat/ws}): 64 KiB messages, a
 *                    ping after 30 s of silence
 */
public record HttpOptions(HttpRequestParser.Limits limits, Duration idleTimeout, WebSocketOptions webSocket) {

    /** 16 KiB header block, 8 KiB target, 1 MiB body, 30 s idle; WebSocket: 64 KiB messages, ping after 30 s. */
    public static final HttpOptions DEFAULTS = new HttpOptions(HttpRequestParser.Limits.DEFAULTS, Duration.ofSeconds(30),
            WebSocketOptions.DEFAULTS);

    /** Validates the timeout. */
    public HttpOptions {
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(idleTimeout, "idleTimeout");
        Objects.requireNonNull(webSocket, "webSocket");
        if (idleTimeout.isNegative() || idleTimeout.isZero()) {
            throw new IllegalArgumentException("idleTimeout: " + idleTimeout + " (expected: > 0)");
        }
    }

    /** With these parser limits and idle timeout, and the default WebSocket limits. */
    public HttpOptions(HttpRequestParser.Limits limits, Duration idleTimeout) {
        this(limits, idleTimeout, WebSocketOptions.DEFAULTS);
    }

    /** These options with other parser limits. */
    public HttpOptions withLimits(HttpRequestParser.Limits other) {
        return new HttpOptions(other, idleTimeout, webSocket);
    }

    /** These options with another idle timeout. */
    public HttpOptions withIdleTimeout(Duration timeout) {
        return new HttpOptions(limits, timeout, webSocket);
    }

    /** These options with other WebSocket limits. */
    public HttpOptions withWebSocket(WebSocketOptions other) {
        return new HttpOptions(limits, idleTimeout, other);
    }
}
