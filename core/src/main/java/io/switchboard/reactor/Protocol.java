package io.switchboard.reactor;

import java.nio.ByteBuffer;

/**
 * What a connection does with its bytes: Twisted's {@code Protocol}, one instance per connection.
 *
 * <p>Callbacks are past-tense events; a protocol answers with commands on its {@link Transport}
 * ({@code write}, {@code loseConnection}, ...). The order is always
 * {@code connectionMade} → ({@code dataReceived} | {@code writabilityChanged})* → [{@code readEnded}]
 * → {@code connectionLost}, each exactly as listed and never concurrently.
 *
 * <pre>{@code
 * final class Echo implements Protocol {
 *     private Transport transport;
 *     public void connectionMade(Transport t) { transport = t; }
 *     public void dataReceived(ByteBuffer data) { transport.write(data); }
 * }
 * }</pre>
 *
 * <p>Thread-safety: every callback runs on the connection's event loop thread (or, under a
 * blocking model, on the connection's own thread), one at a time; a protocol needs no locks for
 * its own state.
 */
public interface Protocol {

    /** The connection is open; keep {@code transport} to write and close. */
    void connectionMade(Transport transport);

    /**
     * Bytes arrived. The buffer is lent: it is valid only during this call (the loop reuses it
     * for the next read), so copy what must be kept. Bytes are a chunk of the stream, not a
     * message: use a {@link io.switchboard.codec framer} to get whole messages.
     */
    void dataReceived(ByteBuffer data);

    /**
     * The peer shut down its output (half-close): no more data will arrive, but this side may
     * still write. The default closes the connection once everything queued is written; a
     * protocol that answers after the peer's end of stream overrides it.
     */
    default void readEnded(Transport transport) {
        transport.loseConnection();
    }

    /**
     * The write queue crossed a watermark: {@code false} when it passed the high-water mark (stop
     * producing), {@code true} when it drained below the low-water mark (produce again).
     */
    default void writabilityChanged(boolean writable) {
    }

    /**
     * The server is stopping gracefully: say goodbye (write a notice) and close. The default
     * closes once everything queued is written. Connections still open at the deadline are aborted.
     */
    default void stopRequested(Transport transport) {
        transport.loseConnection();
    }

    /**
     * Which message this protocol has started to receive but not finished: 0 when the bytes
     * received so far form whole messages, otherwise a number that changes when a message is
     * finished (the count of messages finished so far plus one is a good choice). Asked after
     * every {@link #dataReceived}; must be cheap.
     *
     * <p>It feeds the slowloris guard: when the number stays the same, non-zero, for
     * {@link io.switchboard.limits.ConnectionLimits#requestTimeout()}, the connection is closed as
     * timed out however slowly the peer keeps trickling bytes. A peer streaming many messages
     * always holds a fresh one and is never closed. The default, 0, opts out (a protocol that
     * handles bytes as they come has no unfinished message).
     */
    default long unfinishedMessage() {
        return 0;
    }

    /** The connection is closed; {@code reason} says why. Always the last call. */
    default void connectionLost(CloseReason reason) {
    }
}
