package io.switchboard.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * Switchboard against Netty (and a plain JDK virtual-thread echo) on the same echo work, side by
 * side in one run: ping-pong at three shapes, a stream, and the memory that 10 000 idle
 * connections cost. Each server runs in its own JVM; the load generator is the same for all.
 *
 * <p>{@code NettyComparison [--quick] [--out DIR]} writes {@code DIR/netty-comparison.md}.
 * Loopback only, bounded (the planned duration is printed first).
 */
public final class NettyComparison {

    private record Server(String label, String mainClass, String... args) {
    }

    private record Scenario(String label, int connections, int clientThreads, int size, boolean stream) {
    }

    private record Result(double messagesPerSecond, double megabytesPerSecond, long p50, long p99, long p999) {
    }

    private static final List<Server> SERVERS = List.of(
            new Server("switchboard nio, 1 loop", EchoServerMain.class.getName(), "nio", "1"),
            new Server("switchboard epoll, 1 loop", EchoServerMain.class.getName(), "epoll", "1"),
            new Server("netty nio, 1 loop", NettyEchoServerMain.class.getName(), "nio", "1"),
            new Server("netty epoll, 1 loop", NettyEchoServerMain.class.getName(), "epoll", "1"),
            new Server("switchboard nio, 2 loops", EchoServerMain.class.getName(), "nio", "2"),
            new Server("netty epoll, 2 loops", NettyEchoServerMain.class.getName(), "epoll", "2"),
            new Server("jdk virtual threads", VirtualThreadEchoServerMain.class.getName()));

    private static final List<Scenario> SCENARIOS = List.of(
            new Scenario("ping-pong, 1 000 connections × 64 B", 1_000, 2, 64, false),
            new Scenario("ping-pong, 64 connections × 4 KiB", 64, 2, 4096, false),
            new Scenario("ping-pong, 1 connection × 64 B (latency)", 1, 1, 64, false),
            new Scenario("stream, 4 connections × 64 KiB writes", 4, 1, 64 * 1024, true));

    private NettyComparison() {
    }

    /** Runs the comparison; see the class comment. */
    public static void main(String[] args) throws Exception {
        boolean quick = Arrays.asList(args).contains("--quick");
        Path out = Path.of(args.length > 1 && args[args.length - 2].equals("--out") ? args[args.length - 1] : "docs");
        int runs = quick ? 1 : 3;
        Duration warmUp = Duration.ofMillis(quick ? 500 : 1_500);
        Duration measure = Duration.ofMillis(quick ? 1_000 : 3_000);
        long planned = (long) SERVERS.size() * (SCENARIOS.size() * runs * (warmUp.toMillis() + measure.toMillis() + 1_500)
                + 6_000) / 1000;
        System.out.printf(Locale.ROOT, "netty comparison: %d servers x %d scenarios x %d runs, about %d s%n",
                SERVERS.size(), SCENARIOS.size(), runs, planned);

        Map<Scenario, Map<Server, List<Result>>> results = new LinkedHashMap<>();
        for (int run = 0; run < runs; run++) {
            List<Server> order = new ArrayList<>(SERVERS);
            if (run % 2 == 1) {
                java.util.Collections.reverse(order);
            }
            for (Scenario scenario : SCENARIOS) {
                for (Server server : order) {
                    Result result = measure(server, scenario, warmUp, measure);
                    results.computeIfAbsent(scenario, s -> new LinkedHashMap<>())
                            .computeIfAbsent(server, s -> new ArrayList<>()).add(result);
                    System.out.printf(Locale.ROOT, "run %d  %-42s %-26s %10.0f msg/s %8.1f MB/s p99 %d us%n", run + 1,
                            scenario.label(), server.label(), result.messagesPerSecond(), result.megabytesPerSecond(),
                            result.p99());
                }
            }
        }
        Map<Server, long[]> idle = new LinkedHashMap<>();
        for (Server server : SERVERS) {
            idle.put(server, idleCost(server, quick ? 1_000 : 10_000));
            System.out.printf(Locale.ROOT, "idle  %-26s RSS %d KiB%n", server.label(), idle.get(server)[0]);
        }
        Files.createDirectories(out);
        Files.writeString(out.resolve("netty-comparison.md"), report(results, idle, runs, measure, quick));
    }

    private static Result measure(Server server, Scenario scenario, Duration warmUp, Duration window) throws Exception {
        try (ServerProcess process = ServerProcess.start(server.mainClass(), server.args());
                EchoLoad load = new EchoLoad(process.port(), scenario.connections(), scenario.clientThreads(),
                        scenario.size(), scenario.stream())) {
            Thread.sleep(warmUp); // a measurement window, not synchronisation
            load.latency();
            load.startMeasuring();
            long start = System.nanoTime();
            Thread.sleep(window);
            long elapsed = System.nanoTime() - start;
            long messages = load.messages();
            long bytes = load.bytes();
            Histogram latency = load.latency();
            load.check();
            double seconds = elapsed / 1e9;
            return new Result(scenario.stream() ? bytes / (double) scenario.size() / seconds : messages / seconds,
                    bytes / 1e6 / seconds, latency.getValueAtPercentile(50), latency.getValueAtPercentile(99),
                    latency.getValueAtPercentile(99.9));
        }
    }

    /** RSS with {@code count} idle connections open, and the RSS before them (KiB). */
    private static long[] idleCost(Server server, int count) throws Exception {
        try (ServerProcess process = ServerProcess.start(server.mainClass(), server.args())) {
            Thread.sleep(1_000);
            long before = process.rssKiB();
            try (IdleConnections idle = new IdleConnections(process.port(), count)) {
                Thread.sleep(2_000); // let the server accept them all
                return new long[] {process.rssKiB(), before, idle.size()};
            }
        }
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    private static String report(Map<Scenario, Map<Server, List<Result>>> results, Map<Server, long[]> idle, int runs,
            Duration window, boolean quick) {
        StringBuilder md = new StringBuilder("## Switchboard and Netty, side by side (echo)\n\n");
        if (quick) {
            md.append("> Quick run (1 run per cell, short windows): indicative only.\n\n");
        }
        md.append("Each cell: one server in its own JVM, loaded by the same NIO load generator (in the driver's JVM) "
                + "on 127.0.0.1; every echoed byte is checked. " + runs + " run" + (runs == 1 ? "" : "s")
                + " per cell of " + window.toSeconds() + " s after a warm-up, servers in alternating order; medians, "
                + "with the min–max of messages/s. Client and server share the 2 cores, so absolute numbers "
                + "understate both; the ratios in one run are the point. Ratio: against Netty epoll with the same "
                + "number of loops.\n\n");
        md.append("Command: `bench/run-netty.sh").append(quick ? " --quick" : "").append("`\n\n");
        for (Map.Entry<Scenario, Map<Server, List<Result>>> scenario : results.entrySet()) {
            md.append("### ").append(scenario.getKey().label()).append("\n\n");
            md.append("| server | messages/s | spread | MB/s | p50 µs | p99 µs | p99.9 µs | vs Netty epoll |\n");
            md.append("|---|---:|---:|---:|---:|---:|---:|---:|\n");
            Map<String, Double> medians = new LinkedHashMap<>();
            for (Map.Entry<Server, List<Result>> entry : scenario.getValue().entrySet()) {
                medians.put(entry.getKey().label(), median(entry.getValue().stream().map(Result::messagesPerSecond).toList()));
            }
            for (Map.Entry<Server, List<Result>> entry : scenario.getValue().entrySet()) {
                List<Result> rs = entry.getValue();
                double mps = medians.get(entry.getKey().label());
                Result middle = rs.stream().sorted(java.util.Comparator.comparingDouble(Result::messagesPerSecond))
                        .toList().get(rs.size() / 2);
                String label = entry.getKey().label();
                String peer = label.contains("2 loops") ? "netty epoll, 2 loops" : "netty epoll, 1 loop";
                Double reference = medians.get(peer);
                String latency = scenario.getKey().stream() ? "— | — | —"
                        : middle.p50() + " | " + middle.p99() + " | " + middle.p999();
                md.append(String.format(Locale.ROOT, "| %s | %,.0f | %,.0f–%,.0f | %,.1f | %s | %s |%n", label, mps,
                        rs.stream().mapToDouble(Result::messagesPerSecond).min().orElse(0),
                        rs.stream().mapToDouble(Result::messagesPerSecond).max().orElse(0),
                        median(rs.stream().map(Result::megabytesPerSecond).toList()), latency,
                        reference == null || label.startsWith("jdk") ? "" : String.format(Locale.ROOT, "%.2f×", mps / reference)));
            }
            md.append('\n');
        }
        md.append("### Memory: idle connections\n\n| server | connections | RSS before | RSS with them | per connection |\n"
                + "|---|---:|---:|---:|---:|\n");
        for (Map.Entry<Server, long[]> entry : idle.entrySet()) {
            long[] v = entry.getValue();
            md.append(String.format(Locale.ROOT, "| %s | %,d | %,d KiB | %,d KiB | %.1f KiB |%n", entry.getKey().label(),
                    v[2], v[1], v[0], (v[0] - v[1]) / (double) Math.max(1, v[2])));
        }
        md.append('\n');
        return md.toString();
    }
}
