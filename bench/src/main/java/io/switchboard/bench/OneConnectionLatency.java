package io.switchboard.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * The 1-connection × 64 B ping-pong cell of {@link NettyComparison} on its own, for profiling:
 * Switchboard epoll (1 loop) and Netty epoll (1 loop) in alternating order, the same
 * {@link EchoLoad} client, longer windows.
 *
 * <p>{@code OneConnectionLatency [--runs N] [--warmup S] [--seconds S] [--only switchboard|netty]
 * [--probe CMD] [--server-jvm OPTIONS]}. With {@code --probe}, CMD (run by {@code sh -c};
 * {@code {pid}} and {@code {label}} replaced by the server's PID and a file-safe label) runs
 * instead of the sleep, and the round trips are counted over exactly its lifetime, so a bounded
 * {@code strace -c} or {@code perf stat} can be divided by them. {@code --server-jvm} adds options
 * to the server JVMs (e.g. a JFR recording; {@code %p} in its file name is the PID).
 * Loopback only; bounded.
 */
public final class OneConnectionLatency {

    private record Server(String label, String mainClass, String... args) {
    }

    private OneConnectionLatency() {
    }

    /** Runs the cell; see the class comment. */
    public static void main(String[] args) throws Exception {
        int runs = 3;
        int warmUp = 3;
        int seconds = 10;
        String only = null;
        String probe = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--runs" -> runs = Integer.parseInt(args[++i]);
                case "--warmup" -> warmUp = Integer.parseInt(args[++i]);
                case "--seconds" -> seconds = Integer.parseInt(args[++i]);
                case "--only" -> only = args[++i];
                case "--probe" -> probe = args[++i];
                case "--server-jvm" -> System.setProperty("bench.serverJvmArgs", args[++i]);
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        List<Server> servers = new ArrayList<>();
        if (only == null || only.equals("switchboard")) {
            servers.add(new Server("switchboard-epoll-1", EchoServerMain.class.getName(), "epoll", "1"));
        }
        if (only == null || only.equals("netty")) {
            servers.add(new Server("netty-epoll-1", NettyEchoServerMain.class.getName(), "epoll", "1"));
        }
        for (int run = 0; run < runs; run++) {
            List<Server> order = new ArrayList<>(servers);
            if (run % 2 == 1) {
                java.util.Collections.reverse(order);
            }
            for (Server server : order) {
                measure(server, run + 1, warmUp, seconds, probe);
            }
        }
    }

    private static void measure(Server server, int run, int warmUp, int seconds, String probe) throws Exception {
        try (ServerProcess process = ServerProcess.start(server.mainClass(), server.args());
                EchoLoad load = new EchoLoad(process.port(), 1, 1, 64, false)) {
            Thread.sleep(warmUp * 1000L); // a measurement window, not synchronisation
            load.latency();
            load.startMeasuring();
            long cpuBefore = process.cpuNanos();
            long start = System.nanoTime();
            if (probe == null) {
                Thread.sleep(seconds * 1000L);
            } else {
                String command = probe.replace("{pid}", Long.toString(process.pid()))
                        .replace("{label}", server.label() + "-run" + run);
                Process p = new ProcessBuilder("sh", "-c", command).inheritIO().start();
                if (!p.waitFor(seconds + 60L, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                }
            }
            long elapsed = System.nanoTime() - start;
            long roundTrips = load.messages();
            long cpu = process.cpuNanos() - cpuBefore;
            Histogram latency = load.latency();
            load.check();
            System.out.printf(Locale.ROOT,
                    "run %d  %-20s pid %d  %10.0f rt/s  %,d round trips in %.2f s  p50 %d us p99 %d us  "
                            + "server CPU %.0f%%, %.1f us/rt%n",
                    run, server.label(), process.pid(), roundTrips / (elapsed / 1e9), roundTrips, elapsed / 1e9,
                    latency.getValueAtPercentile(50), latency.getValueAtPercentile(99), 100.0 * cpu / elapsed,
                    cpu / 1e3 / Math.max(1, roundTrips));
        }
    }
}
