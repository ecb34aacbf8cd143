package io.switchboard.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Chat fan-out throughput: N clients in one room; senders take turns sending a batch of lines,
 * and the next batch starts when every other client has received the last one (so no reader falls
 * behind and nobody is dropped for not reading). Reports lines delivered per second (one line to
 * one recipient) and lines sent per second, per server configuration, in its own JVM.
 *
 * <pre>ChatFanout [seconds] [clients...]</pre>
 * Loopback only; bounded by the seconds given (default 5 per case); stops by itself.
 */
public final class ChatFanout {

    private static final int BATCH = 8;
    private static final int SENDERS = 4;

    private ChatFanout() {
    }

    /** Runs every configuration for every client count. */
    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        List<Integer> counts = new ArrayList<>();
        for (int i = 1; i < args.length; i++) {
            counts.add(Integer.parseInt(args[i]));
        }
        if (counts.isEmpty()) {
            counts = List.of(100, 1000);
        }
        String[][] servers = {{"reactor", "nio", "2"}, {"reactor", "epoll", "2"}, {"virtual"}};
        System.out.println("| server | clients | lines sent/s | deliveries/s |");
        System.out.println("|---|---:|---:|---:|");
        for (int clients : counts) {
            for (String[] server : servers) {
                try (ServerProcess process = ServerProcess.start(ChatServerMain.class.getName(), server)) {
                    double[] result = measure(process.port(), clients, seconds);
                    System.out.printf(Locale.ROOT, "| %s | %,d | %,.0f | %,.0f |%n", String.join(" ", server), clients,
                            result[0], result[1]);
                }
            }
        }
    }

    /** Lines sent per second and deliveries per second. */
    private static double[] measure(int port, int clients, int seconds) throws Exception {
        AtomicLong lines = new AtomicLong();
        Thread main = Thread.currentThread();
        AtomicLong target = new AtomicLong(Long.MAX_VALUE);
        List<SocketChannel> channels = new ArrayList<>();
        List<Thread> readers = new ArrayList<>();
        try {
            for (int i = 0; i < clients; i++) {
                SocketChannel channel = SocketChannel.open(new InetSocketAddress("127.0.0.1", port));
                channels.add(channel);
                readers.add(Thread.ofVirtual().start(() -> read(channel, lines, target, main)));
            }
            // setup: each client's welcome, and a join notice for every later client
            long setup = clients + (long) clients * (clients - 1) / 2;
            awaitLines(lines, target, setup, main, 60);
            lines.set(0);
            byte[] batch = batch();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
            long start = System.nanoTime();
            long sent = 0;
            long expected = 0;
            int turn = 0;
            while (System.nanoTime() < deadline) {
                SocketChannel sender = channels.get(turn++ % Math.min(SENDERS, clients));
                expected += (long) BATCH * (clients - 1);
                target.set(expected);
                ByteBuffer out = ByteBuffer.wrap(batch);
                while (out.hasRemaining()) {
                    sender.write(out);
                }
                sent += BATCH;
                awaitLines(lines, target, expected, main, 30);
            }
            double elapsed = (System.nanoTime() - start) / 1e9;
            return new double[] {sent / elapsed, lines.get() / elapsed};
        } finally {
            for (SocketChannel channel : channels) {
                channel.close();
            }
            for (Thread reader : readers) {
                reader.join(5_000);
            }
        }
    }

    private static byte[] batch() {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < BATCH; i++) {
            text.append("fan-out line ").append(i).append(" of a batch, about sixty-four bytes.....\n");
        }
        return text.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void awaitLines(AtomicLong lines, AtomicLong target, long wanted, Thread main, int timeoutSeconds)
            throws IOException {
        target.set(wanted);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
        while (lines.get() < wanted) {
            if (System.nanoTime() > deadline) {
                throw new IOException("only " + lines.get() + " of " + wanted + " lines arrived in " + timeoutSeconds
                        + " s");
            }
            LockSupport.parkNanos(1_000_000); // woken early by the reader that completes the count
        }
    }

    /** Counts the lines a client receives; wakes the driver when the count reaches its target. */
    private static void read(SocketChannel channel, AtomicLong lines, AtomicLong target, Thread main) {
        ByteBuffer in = ByteBuffer.allocate(64 * 1024);
        try {
            while (channel.read(in.clear()) > 0) {
                int count = 0;
                for (int i = 0; i < in.position(); i++) {
                    if (in.get(i) == '\n') {
                        count++;
                    }
                }
                if (lines.addAndGet(count) >= target.get()) {
                    LockSupport.unpark(main);
                }
            }
        } catch (IOException closed) {
            // the driver closed the client
        }
    }
}
