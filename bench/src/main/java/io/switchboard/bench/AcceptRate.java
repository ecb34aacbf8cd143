package io.switchboard.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * How a reactor should spread new connections over its loops, measured: one process whose
 * acceptor hands each connection to the next loop (Switchboard's way), against two processes of
 * one loop each sharing the port with SO_REUSEPORT (the kernel spreads them: what a listener per
 * loop would do). The client opens a connection, echoes one byte, and closes with a reset, as fast
 * as it can from two threads; connections per second are counted over a few seconds.
 *
 * <pre>AcceptRate [seconds] [runs]</pre>
 * Loopback only; bounded; stops by itself.
 */
public final class AcceptRate {

    private static final int CLIENT_THREADS = 2;

    private AcceptRate() {
    }

    /** Runs both configurations {@code runs} times, alternating, and prints the medians. */
    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        List<Double> handOff = new ArrayList<>();
        List<Double> reusePort = new ArrayList<>();
        for (int run = 0; run < runs; run++) {
            try (ServerProcess one = ServerProcess.start(EchoServerMain.class.getName(), "nio", "2")) {
                handOff.add(connectionsPerSecond(one.port(), seconds));
            }
            try (ServerProcess first = ServerProcess.start(EchoServerMain.class.getName(), "nio", "1", "0", "reuseport");
                    ServerProcess second = ServerProcess.start(EchoServerMain.class.getName(), "nio", "1",
                            Integer.toString(first.port()), "reuseport")) {
                reusePort.add(connectionsPerSecond(first.port(), seconds));
            }
            System.out.printf(Locale.ROOT, "run %d: hand-off %,.0f conn/s, SO_REUSEPORT %,.0f conn/s%n", run + 1,
                    handOff.getLast(), reusePort.getLast());
        }
        System.out.printf(Locale.ROOT, "| hand-off, 1 process × 2 loops | %,.0f | %s |%n", median(handOff), spread(handOff));
        System.out.printf(Locale.ROOT, "| SO_REUSEPORT, 2 processes × 1 loop | %,.0f | %s |%n", median(reusePort),
                spread(reusePort));
    }

    private static double connectionsPerSecond(int port, int seconds) throws Exception {
        LongAdder done = new LongAdder();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        InetSocketAddress target = new InetSocketAddress("127.0.0.1", port);
        List<Thread> threads = new ArrayList<>();
        List<Throwable> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
        long start = System.nanoTime();
        for (int t = 0; t < CLIENT_THREADS; t++) {
            threads.add(Thread.ofPlatform().start(() -> {
                ByteBuffer one = ByteBuffer.allocate(1);
                try {
                    while (System.nanoTime() < deadline) {
                        try (SocketChannel channel = SocketChannel.open(target)) {
                            channel.setOption(StandardSocketOptions.SO_LINGER, 0); // no TIME_WAIT pile-up
                            channel.write(one.clear().put((byte) 1).flip());
                            if (channel.read(one.clear()) != 1) {
                                throw new IOException("no echo");
                            }
                        }
                        done.increment();
                    }
                } catch (IOException e) {
                    failures.add(e);
                }
            }));
        }
        for (Thread thread : threads) {
            thread.join();
        }
        if (!failures.isEmpty()) {
            throw new IOException("client failed: " + failures.getFirst(), failures.getFirst());
        }
        return done.sum() / ((System.nanoTime() - start) / 1e9);
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        return sorted.get(sorted.size() / 2);
    }

    private static String spread(List<Double> values) {
        return String.format(Locale.ROOT, "%,.0f–%,.0f", values.stream().mapToDouble(d -> d).min().orElse(0),
                values.stream().mapToDouble(d -> d).max().orElse(0));
    }
}
