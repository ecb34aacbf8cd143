package io.switchboard.services.http.websocket;

import java.time.Duration;

/**
 * A WebSocket session's limits.
 *
 * @param maxMessageBytes the largest message accepted, reassembled from its fragments; a larger one
 *                        closes the connection with 1009 before its payload is buffered. Default 64 KiB.
 * @param pingInterval    how long the peer may be silent before it is pinged; a peer that stays
 *                        silent for another interval after the ping is disconnected. Default 30 s.
 */
public record WebSocketOptions(int maxMessageBytes, Duration pingInterval) {

    /** 64 KiB messages, a ping after 30 s of silence. */
    public static final WebSocketOptions DEFAULTS = new WebSocketOptions(64 * 1024, Duration.ofSeconds(30));

    /** Validates the limits. */
    public WebSocketOptions {
        java.util.Objects.requireNonNull(pingInterval, "pingInterval");
        if (maxMessageBytes <= 0) {
            throw new IllegalArgumentException("maxMessageBytes: " + maxMessageBytes + " (expected: > 0)");
        }
        if (pingInterval.isNegative() || pingInterval.isZero()) {
            throw new IllegalArgumentException("pingInterval: " + pingInterval + " (expected: > 0)");
        }
    }

    /** These options with another message limit. */
    public WebSocketOptions withMaxMessageBytes(int bytes) {
        return new WebSocketOptions(bytes, pingInterval);
    }

    /** These options with another ping interval. */
    public WebSocketOptions withPingInterval(Duration interval) {
        return new WebSocketOptions(maxMessageBytes, interval);
    }
}
