package io.switchboard.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Recorder;

/**
 * The load generator: N echo connections multiplexed over T client threads (one NIO selector
 * each), in one of two modes.
 * <ul>
 *   <li><b>ping-pong</b>: each connection sends {@code size} bytes, waits for exactly those bytes
 *       back (checked byte for byte), records the round trip's latency, repeats.</li>
 *   <li><b>stream</b>: each connection writes {@code size}-byte chunks as fast as the socket takes
 *       them and counts (and checks) what comes back.</li>
 * </ul>
 * Counting starts at {@link #startMeasuring()}; the generator stops by itself at {@link #close()}.
 */
final class EchoLoad implements AutoCloseable {

    private final boolean stream;
    private final int size;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicBoolean measuring = new AtomicBoolean();
    private final LongAdder messages = new LongAdder();
    private final LongAdder bytes = new LongAdder();
    private final Recorder latency = new Recorder(3);
    private final List<Thread> threads = new ArrayList<>();
    private volatile Throwable failure;

    EchoLoad(int port, int connections, int clientThreads, int size, boolean stream) throws IOException {
        this.size = size;
        this.stream = stream;
        List<List<SocketChannel>> groups = new ArrayList<>();
        for (int t = 0; t < clientThreads; t++) {
            groups.add(new ArrayList<>());
        }
        for (int c = 0; c < connections; c++) {
            SocketChannel channel = SocketChannel.open(new InetSocketAddress("127.0.0.1", port));
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            channel.setOption(StandardSocketOptions.SO_LINGER, 0);
            channel.configureBlocking(false);
            groups.get(c % clientThreads).add(channel);
        }
        for (int t = 0; t < clientThreads; t++) {
            List<SocketChannel> group = groups.get(t);
            threads.add(Thread.ofPlatform().daemon().name("load-" + t).start(() -> run(group)));
        }
    }

    /** Per-connection state: the message (a pattern), what was sent and received of it. */
    private final class Conn {
        final ByteBuffer out = ByteBuffer.allocateDirect(size);
        final ByteBuffer in = ByteBuffer.allocateDirect(Math.max(size, 64 * 1024));
        long sentAt;
        long expected; // stream mode: the position in the pattern of the next byte back
        long sent;

        Conn() {
            for (int i = 0; i < size; i++) {
                out.put(i, (byte) (i % 251));
            }
        }
    }

    private void run(List<SocketChannel> group) {
        try (Selector selector = Selector.open()) {
            for (SocketChannel channel : group) {
                Conn conn = new Conn();
                channel.register(selector, SelectionKey.OP_WRITE, conn);
            }
            while (running.get()) {
                selector.select(100);
                Iterator<SelectionKey> keys = selector.selectedKeys().iterator();
                while (keys.hasNext()) {
                    SelectionKey key = keys.next();
                    keys.remove();
                    step(key, (SocketChannel) key.channel(), (Conn) key.attachment());
                }
            }
        } catch (Throwable t) {
            if (running.get()) {
                failure = t;
            }
        } finally {
            for (SocketChannel channel : group) { // SO_LINGER 0: a reset, no TIME_WAIT left behind
                try {
                    channel.close();
                } catch (IOException ignored) {
                    // closing is all that is left
                }
            }
        }
    }

    private void step(SelectionKey key, SocketChannel channel, Conn conn) throws IOException {
        if (key.isWritable()) {
            if (!stream && conn.out.position() == 0) {
                conn.sentAt = System.nanoTime();
            }
            channel.write(conn.out);
            if (!conn.out.hasRemaining()) {
                conn.out.clear();
                if (!stream) {
                    key.interestOps(SelectionKey.OP_READ);
                }
            }
        }
        if (key.isReadable() || stream) {
            int n = channel.read(conn.in);
            if (n < 0) {
                throw new IOException("server closed a connection");
            }
            if (n > 0) {
                conn.in.flip();
                if (stream) {
                    for (int i = 0; i < n; i++) {
                        if (conn.in.get(i) != (byte) ((conn.expected++ % size) % 251)) {
                            throw new IOException("stream echo corrupted at byte " + (conn.expected - 1));
                        }
                    }
                    conn.in.clear();
                    if (measuring.get()) {
                        bytes.add(n);
                    }
                } else {
                    conn.in.compact();
                    if (conn.in.position() >= size) {
                        for (int i = 0; i < size; i++) {
                            if (conn.in.get(i) != conn.out.get(i)) {
                                throw new IOException("echo returned different bytes");
                            }
                        }
                        conn.in.clear();
                        if (measuring.get()) {
                            messages.increment();
                            bytes.add(size);
                            latency.recordValue((System.nanoTime() - conn.sentAt) / 1000);
                        }
                        key.interestOps(SelectionKey.OP_WRITE);
                    }
                }
            }
        }
        if (stream) {
            key.interestOps(SelectionKey.OP_READ | SelectionKey.OP_WRITE);
        }
    }

    /** Resets the counters: what happened before was warm-up. */
    void startMeasuring() {
        messages.reset();
        bytes.reset();
        latency.reset();
        measuring.set(true);
    }

    long messages() {
        return messages.sum();
    }

    long bytes() {
        return bytes.sum();
    }

    /** Latency since the last call (microseconds). */
    org.HdrHistogram.Histogram latency() {
        return latency.getIntervalHistogram();
    }

    void check() throws IOException {
        if (failure != null) {
            throw new IOException("load failed: " + failure, failure);
        }
    }

    @Override
    public void close() {
        running.set(false);
        for (Thread thread : threads) {
            try {
                thread.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
