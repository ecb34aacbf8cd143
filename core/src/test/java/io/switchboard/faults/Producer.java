package io.switchboard.faults;

import io.switchboard.reactor.CloseReason;
import io.switchboard.reactor.Protocol;
import io.switchboard.reactor.Transport;
import java.nio.ByteBuffer;
import java.util.Random;
import java.util.concurrent.CompletableFuture;

/**
 * A server protocol that writes {@code total} bytes to its peer as soon as it connects, in
 * numbered 64 KiB chunks ({@link #chunk}): chunk {@code k} is {@code k} as 8 bytes, then a fixed
 * pseudo-random body, so a reader can check every byte and the order. One that honours
 * backpressure stops at the high-water mark and goes on when told it is writable again; one that
 * does not simply keeps writing, as careless code does. It records the largest queue it saw.
 */
final class Producer implements Protocol {

    static final int CHUNK = 64 * 1024;
    private static final byte[] BODY = new byte[CHUNK - Long.BYTES];

    static {
        new Random(20261201).nextBytes(BODY);
    }

    private final long total;
    private final boolean honoursBackpressure;
    private final ByteBuffer chunk = ByteBuffer.allocate(CHUNK);
    private final CompletableFuture<CloseReason> lost = new CompletableFuture<>();
    private Transport transport;
    private long sent;
    private volatile long maxQueued;
    private volatile boolean waitingForWritable;

    Producer(long total, boolean honoursBackpressure) {
        this.total = total;
        this.honoursBackpressure = honoursBackpressure;
    }

    /** Chunk number {@code k} as it goes on the wire. */
    static void chunk(long k, ByteBuffer into) {
        into.clear();
        into.putLong(k).put(BODY).flip();
    }

    /** Whether {@code bytes} (a whole chunk as read) is chunk number {@code k}. */
    static boolean isChunk(long k, byte[] bytes) {
        ByteBuffer expected = ByteBuffer.allocate(CHUNK);
        chunk(k, expected);
        return ByteBuffer.wrap(bytes).equals(expected);
    }

    @Override
    public void connectionMade(Transport t) {
        transport = t;
        produce();
    }

    private void produce() {
        waitingForWritable = false;
        while (sent < total && transport.isOpen()) {
            if (honoursBackpressure && !transport.isWritable()) {
                waitingForWritable = true;
                return;
            }
            chunk(sent / CHUNK, chunk);
            transport.write(chunk); // copies what the socket does not take now
            sent += CHUNK;
            maxQueued = Math.max(maxQueued, transport.queuedBytes());
        }
        if (sent >= total) {
            transport.loseConnection();
        }
    }

    @Override
    public void writabilityChanged(boolean writable) {
        if (writable) {
            produce();
        }
    }

    @Override
    public void dataReceived(ByteBuffer data) {
        data.position(data.limit());
    }

    @Override
    public void connectionLost(CloseReason reason) {
        lost.complete(reason);
    }

    /** Completes with the reason when the connection closes. */
    CompletableFuture<CloseReason> lost() {
        return lost;
    }

    /** The most bytes this connection ever had queued in the server. */
    long maxQueued() {
        return maxQueued;
    }

    /** Whether it stopped at the high-water mark and waits to be told it may write again. */
    boolean waitingForWritable() {
        return waitingForWritable;
    }
}
