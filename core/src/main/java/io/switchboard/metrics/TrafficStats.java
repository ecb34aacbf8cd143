package io.switchboard.metrics;

import java.util.concurrent.atomic.LongAdder;

/**
 * Live counters of one listener or datagram socket (or a whole service, when shared).
 *
 * <p>Thread-safe: every event loop counts into the same instance without locks.
 */
public final class TrafficStats {

    private final LongAdder open = new LongAdder();
    private final LongAdder accepted = new LongAdder();
    private final LongAdder refused = new LongAdder();
    private final LongAdder bytesIn = new LongAdder();
    private final LongAdder bytesOut = new LongAdder();
    private final LongAdder messagesIn = new LongAdder();
    private final LongAdder errors = new LongAdder();
    private final LongAdder queued = new LongAdder();
    private final LongAdder unwritable = new LongAdder();
    private final LongAdder timedOut = new LongAdder();
    private final LongAdder overloaded = new LongAdder();

    /** A set of counters at zero. */
    public TrafficStats() {
    }

    /** A connection was accepted (or a client connected): open and total both go up. */
    public void connectionOpened() {
        open.increment();
        accepted.increment();
    }

    /** A connection closed. */
    public void connectionClosed() {
        open.decrement();
    }

    /** A connection was refused by a policy before a protocol saw it. */
    public void connectionRefused() {
        refused.increment();
    }

    /** {@code n} bytes were read. */
    public void bytesRead(long n) {
        bytesIn.add(n);
    }

    /** {@code n} bytes were written. */
    public void bytesWritten(long n) {
        bytesOut.add(n);
    }

    /** One message (read chunk, frame or datagram) arrived. */
    public void messageReceived() {
        messagesIn.increment();
    }

    /** A connection failed or a peer broke the protocol. */
    public void error() {
        errors.increment();
    }

    /** Bytes waiting in write queues went up ({@code delta > 0}) or down. */
    public void queuedBytesChanged(long delta) {
        queued.add(delta);
    }

    /** A connection's write queue passed its high-water mark ({@code false}) or drained below the low one. */
    public void writabilityChanged(boolean writable) {
        if (writable) {
            unwritable.decrement();
        } else {
            unwritable.increment();
        }
    }

    /** A connection was closed by a timeout (idle, write or request). */
    public void connectionTimedOut() {
        timedOut.increment();
    }

    /** A connection was closed because its write queue passed the hard limit. */
    public void connectionOverloaded() {
        overloaded.increment();
    }

    /** Bytes waiting in the write queues of open connections now. */
    public long queuedBytes() {
        return queued.sum();
    }

    /** Open connections whose write queue is over the high-water mark now (backpressure on). */
    public long unwritableConnections() {
        return unwritable.sum();
    }

    /** Connections closed by a timeout since start. */
    public long timedOutConnections() {
        return timedOut.sum();
    }

    /** Connections closed at the write-queue limit since start. */
    public long overloadedConnections() {
        return overloaded.sum();
    }

    /** Connections open now. */
    public long openConnections() {
        return open.sum();
    }

    /** Connections accepted since start. */
    public long totalConnections() {
        return accepted.sum();
    }

    /** Connections refused since start. */
    public long refusedConnections() {
        return refused.sum();
    }

    /** Bytes read since start. */
    public long bytesIn() {
        return bytesIn.sum();
    }

    /** Bytes written since start. */
    public long bytesOut() {
        return bytesOut.sum();
    }

    /** Messages received since start. */
    public long messagesIn() {
        return messagesIn.sum();
    }

    /** Errors since start. */
    public long errors() {
        return errors.sum();
    }

    @Override
    public String toString() {
        return "TrafficStats[open=" + openConnections() + ", total=" + totalConnections() + ", refused="
                + refusedConnections() + ", in=" + bytesIn() + "B, out=" + bytesOut() + "B, messages="
                + messagesIn() + ", errors=" + errors() + ", queued=" + queuedBytes() + "B, unwritable="
                + unwritableConnections() + ", timedOut=" + timedOutConnections() + ", overloaded="
                + overloadedConnections() + "]";
    }
}
