package io.switchboard.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * HTTP plaintext keep-alive throughput: {@code wrk} against Switchboard's HTTP service, Netty 4.2's
 * HTTP codec and nginx, each answering {@code GET /plaintext} with the same 13 bytes. One server at
 * a time on 127.0.0.1, with the same number of event loops (nginx: worker processes); a warm-up
 * {@code wrk} run before each measured one; 3 runs per cell in alternating order; medians.
 *
 * <p>{@code HttpComparison [--quick] [--out DIR]} writes {@code DIR/http-comparison.md}. If the
 * environment names a file in {@code BENCH_PIDS}, it holds the PIDs of the processes started and
 * still running, so the calling script can stop them if this JVM dies first. Bounded: the plan is printed first.
 */
public final class HttpComparison {

    private record Server(String label, int loops, String mainClass, String... args) {
        boolean nginx() {
            return mainClass == null;
        }
    }

    private record Result(double requestsPerSecond, long requests, double p50Micros, double p99Micros, long non2xx,
            long socketErrors, double cpuMicrosPerRequest) {
    }

    private static final List<Server> SERVERS = List.of(
            new Server("switchboard epoll, 1 loop", 1, HttpServerMain.class.getName(), "epoll", "1"),
            new Server("switchboard nio, 1 loop", 1, HttpServerMain.class.getName(), "nio", "1"),
            new Server("netty epoll, 1 loop", 1, NettyHttpServerMain.class.getName(), "epoll", "1"),
            new Server("netty nio, 1 loop", 1, NettyHttpServerMain.class.getName(), "nio", "1"),
            new Server("nginx, 1 worker", 1, null),
            new Server("switchboard epoll, 2 loops", 2, HttpServerMain.class.getName(), "epoll", "2"),
            new Server("netty epoll, 2 loops", 2, NettyHttpServerMain.class.getName(), "epoll", "2"),
            new Server("nginx, 2 workers", 2, null));

    /** Connection counts; 64 only with 2 loops, to keep the whole run under 10 minutes. */
    private static final int[] CONNECTIONS = {256, 64};

    private static final Pattern RPS = Pattern.compile("Requests/sec:\\s+([0-9.]+)");
    private static final Pattern TOTAL = Pattern.compile("(\\d+) requests in");
    private static final Pattern PERCENTILE = Pattern.compile("^\\s+(50|99)%\\s+([0-9.]+)(us|ms|s)\\s*$", Pattern.MULTILINE);
    private static final Pattern NON_2XX = Pattern.compile("Non-2xx or 3xx responses: (\\d+)");
    private static final Pattern SOCKET_ERRORS =
            Pattern.compile("Socket errors: connect (\\d+), read (\\d+), write (\\d+), timeout (\\d+)");

    private static final java.util.Set<Long> LIVE = new java.util.LinkedHashSet<>();

    private HttpComparison() {
    }

    /** Runs the comparison; see the class comment. */
    public static void main(String[] args) throws Exception {
        boolean quick = Arrays.asList(args).contains("--quick");
        Path out = Path.of(args.length > 1 && args[args.length - 2].equals("--out") ? args[args.length - 1] : "docs");
        int runs = quick ? 1 : 3;
        int warmUp = quick ? 1 : 3;
        int seconds = quick ? 3 : 10;
        long cells = SERVERS.stream().mapToLong(s -> connectionsFor(s).size()).sum();
        long planned = runs * (cells * (warmUp + seconds + 1) + SERVERS.size() * 2L);
        System.out.printf(Locale.ROOT, "http comparison: %d servers, %d cells x %d runs of %d s (+%d s warm-up), about %d s%n",
                SERVERS.size(), cells, runs, seconds, warmUp, planned);
        String loadBefore = loadAverage();
        long started = System.nanoTime();

        Map<Integer, Map<Server, List<Result>>> results = new LinkedHashMap<>();
        for (int c : CONNECTIONS) {
            results.put(c, new LinkedHashMap<>());
        }
        for (int run = 0; run < runs; run++) {
            List<Server> order = new ArrayList<>(SERVERS);
            if (run % 2 == 1) {
                Collections.reverse(order);
            }
            for (Server server : order) {
                try (Peer peer = Peer.start(server)) {
                    for (int connections : connectionsFor(server)) {
                        wrk(peer.port(), connections, warmUp); // warm-up, discarded
                        long cpuBefore = cpuNanos(peer.pids());
                        Result measured = wrk(peer.port(), connections, seconds);
                        Result result = new Result(measured.requestsPerSecond(), measured.requests(),
                                measured.p50Micros(), measured.p99Micros(), measured.non2xx(), measured.socketErrors(),
                                (cpuNanos(peer.pids()) - cpuBefore) / 1e3 / Math.max(1, measured.requests()));
                        results.get(connections).computeIfAbsent(server, s -> new ArrayList<>()).add(result);
                        System.out.printf(Locale.ROOT, "run %d  c%-4d %-28s %10.0f req/s  cpu %5.2f us/req  p50 %8.0f us  p99 %8.0f us%s%n",
                                run + 1, connections, server.label(), result.requestsPerSecond(),
                                result.cpuMicrosPerRequest(), result.p50Micros(),
                                result.p99Micros(), result.non2xx() + result.socketErrors() > 0
                                        ? "  ERRORS: " + result.non2xx() + " non-2xx, " + result.socketErrors() + " socket"
                                        : "");
                    }
                }
            }
        }
        long took = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started);
        Files.createDirectories(out);
        Files.writeString(out.resolve("http-comparison.md"),
                report(results, runs, warmUp, seconds, quick, loadBefore, loadAverage(), took));
    }

    private static List<Integer> connectionsFor(Server server) {
        return Arrays.stream(CONNECTIONS).filter(c -> c == 256 || server.loops() == 2).boxed().toList();
    }

    /** A server under test: a JVM ({@link ServerProcess}) or nginx, with its PIDs recorded. */
    private record Peer(AutoCloseable process, int port, List<Long> pids) implements AutoCloseable {
        static Peer start(Server server) throws Exception {
            if (server.nginx()) {
                NginxProcess nginx = NginxProcess.start(server.loops());
                track(nginx.pids(), true);
                return new Peer(nginx, nginx.port(), nginx.pids());
            }
            ServerProcess process = ServerProcess.start(server.mainClass(), server.args());
            track(List.of(process.pid()), true);
            return new Peer(process, process.port(), List.of(process.pid()));
        }

        @Override
        public void close() throws Exception {
            process.close();
            track(pids, false);
        }
    }

    /** User + system CPU time of these processes so far (nginx: master and workers), in nanoseconds. */
    private static long cpuNanos(List<Long> pids) throws IOException {
        long ticks = 0;
        for (long pid : pids) {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            ticks += Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
        }
        return ticks * 10_000_000L; // USER_HZ = 100 on Linux
    }

    /**
     * Adds ({@code running}) or removes PIDs from the set of processes this run has started and
     * not yet stopped, and rewrites the {@code BENCH_PIDS} file with it: the calling script kills
     * only what is listed, so a PID the kernel has since given to someone else is never in it.
     */
    private static synchronized void track(List<Long> pids, boolean running) throws IOException {
        if (running) {
            LIVE.addAll(pids);
        } else {
            pids.forEach(LIVE::remove);
        }
        String file = System.getenv("BENCH_PIDS");
        if (file != null && !file.isEmpty()) {
            StringBuilder lines = new StringBuilder();
            LIVE.forEach(pid -> lines.append(pid).append('\n'));
            Files.writeString(Path.of(file), lines);
        }
    }

    private static String wrkCommand(String port, int connections, int seconds) {
        return "wrk -t2 -c" + connections + " -d" + seconds + "s --latency http://127.0.0.1:" + port + "/plaintext";
    }

    private static Result wrk(int port, int connections, int seconds) throws IOException, InterruptedException {
        Process wrk = new ProcessBuilder(wrkCommand(Integer.toString(port), connections, seconds).split(" "))
                .redirectErrorStream(true).start();
        track(List.of(wrk.pid()), true);
        byte[] output = wrk.getInputStream().readAllBytes(); // ends when wrk exits; wrk stops after -d
        if (!wrk.waitFor(seconds + 15L, TimeUnit.SECONDS)) {
            wrk.destroyForcibly();
            throw new IOException("wrk did not stop within " + (seconds + 15) + " s");
        }
        track(List.of(wrk.pid()), false);
        String text = new String(output, StandardCharsets.UTF_8);
        Matcher rps = RPS.matcher(text);
        Matcher total = TOTAL.matcher(text);
        if (wrk.exitValue() != 0 || !rps.find() || !total.find()) {
            throw new IOException("wrk failed (exit " + wrk.exitValue() + "):\n" + text);
        }
        double p50 = -1;
        double p99 = -1;
        Matcher percentile = PERCENTILE.matcher(text);
        while (percentile.find()) {
            double value = Double.parseDouble(percentile.group(2)) * switch (percentile.group(3)) {
                case "us" -> 1;
                case "ms" -> 1_000;
                default -> 1_000_000;
            };
            if (percentile.group(1).equals("50")) {
                p50 = value;
            } else {
                p99 = value;
            }
        }
        Matcher non2xx = NON_2XX.matcher(text);
        Matcher errors = SOCKET_ERRORS.matcher(text);
        long socketErrors = 0;
        if (errors.find()) {
            for (int g = 1; g <= 4; g++) {
                socketErrors += Long.parseLong(errors.group(g));
            }
        }
        return new Result(Double.parseDouble(rps.group(1)), Long.parseLong(total.group(1)), p50, p99,
                non2xx.find() ? Long.parseLong(non2xx.group(1)) : 0, socketErrors, 0);
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    private static String loadAverage() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return fields[0] + " " + fields[1] + " " + fields[2];
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static String firstLine(String... command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor(5, TimeUnit.SECONDS);
            return text.lines().findFirst().orElse("").strip();
        } catch (IOException | InterruptedException e) {
            return "unknown (" + e.getMessage() + ")";
        }
    }

    private static String cpuModel() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .findFirst().map(l -> l.substring(l.indexOf(':') + 1).strip()).orElse("unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static String report(Map<Integer, Map<Server, List<Result>>> results, int runs, int warmUp, int seconds,
            boolean quick, String loadBefore, String loadAfter, long took) {
        StringBuilder md = new StringBuilder("## HTTP plaintext: Switchboard, Netty and nginx under wrk\n\n");
        if (quick) {
            md.append("> Quick run (1 run per cell, short windows): indicative only.\n\n");
        }
        md.append("`GET /plaintext` answered with `Hello, World!` (text/plain, Content-Length 13, a Date header, "
                + "keep-alive) by one server at a time on 127.0.0.1: Switchboard's HTTP service (`HttpServerMain`), "
                + "Netty's `HttpServerCodec` with a handler writing the same bytes (`NettyHttpServerMain`; its header "
                + "names are lower case, same length) and nginx (`return 200` from its configuration; it adds a "
                + "`Server` and a `Connection` field, so its responses are 45 bytes longer). The same number of "
                + "event loops for each (nginx: worker processes; Switchboard and Netty each have one more thread "
                + "that only accepts). wrk and the server share the machine's cores, so absolute numbers understate "
                + "every server; the ratios within one run are the point.\n\n");
        md.append("Each cell: a ").append(warmUp).append(" s wrk warm-up on a fresh server, then a ").append(seconds)
                .append(" s measured run; ").append(runs).append(" run").append(runs == 1 ? "" : "s")
                .append(" per cell, servers in alternating order; the median requests/s with the min–max, "
                        + "and the p50/p99 latency wrk reported for the median run. Errors: non-2xx responses and "
                        + "socket errors (connect, read, write, timeout) over all runs of the cell; a cell with any "
                        + "is marked. Server CPU per request: the server's user + system time during the measured run "
                        + "(from /proc; nginx: master and workers) over the requests wrk counted, median of the runs; "
                        + "it moves less than requests/s between runs, but rises when the machine is quieter (fewer "
                        + "requests per system call), so compare it within one run. Ratios: against Netty epoll and nginx with the same loop count.\n\n");
        md.append("Command: `bench/run-http.sh").append(quick ? " --quick" : "").append("`; each measured run is `")
                .append(wrkCommand("PORT", 256, seconds)).append("` (or `-c64`).\n\n");
        for (Map.Entry<Integer, Map<Server, List<Result>>> byConnections : results.entrySet()) {
            if (byConnections.getValue().isEmpty()) {
                continue;
            }
            md.append("### ").append(byConnections.getKey()).append(" connections\n\n");
            md.append("| server | requests/s | min–max | p50 | p99 | server CPU per request | errors | vs Netty epoll "
                    + "| vs nginx |\n");
            md.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
            Map<String, Double> medians = new LinkedHashMap<>();
            byConnections.getValue().forEach((server, rs) ->
                    medians.put(server.label(), median(rs.stream().map(Result::requestsPerSecond).toList())));
            for (Map.Entry<Server, List<Result>> entry : byConnections.getValue().entrySet()) {
                Server server = entry.getKey();
                List<Result> rs = entry.getValue();
                double rps = medians.get(server.label());
                Result middle = rs.stream().sorted(Comparator.comparingDouble(Result::requestsPerSecond)).toList()
                        .get(rs.size() / 2);
                long errors = rs.stream().mapToLong(r -> r.non2xx() + r.socketErrors()).sum();
                Double netty = medians.get(server.loops() == 1 ? "netty epoll, 1 loop" : "netty epoll, 2 loops");
                Double nginx = medians.get(server.loops() == 1 ? "nginx, 1 worker" : "nginx, 2 workers");
                md.append(String.format(Locale.ROOT, "| %s | %,.0f | %,.0f–%,.0f | %s | %s | %.2f µs | %s | %s | %s |%n",
                        server.label(), rps,
                        rs.stream().mapToDouble(Result::requestsPerSecond).min().orElse(0),
                        rs.stream().mapToDouble(Result::requestsPerSecond).max().orElse(0),
                        micros(middle.p50Micros()), micros(middle.p99Micros()),
                        median(rs.stream().map(Result::cpuMicrosPerRequest).toList()),
                        errors == 0 ? "0" : "**" + rs.stream().mapToLong(Result::non2xx).sum() + " non-2xx, "
                                + rs.stream().mapToLong(Result::socketErrors).sum() + " socket**",
                        ratio(rps, netty), ratio(rps, nginx)));
            }
            md.append('\n');
        }
        md.append("### The machine\n\n");
        md.append(String.format(Locale.ROOT, "- %d cores (`nproc`), %s; Linux %s%n", Runtime.getRuntime().availableProcessors(),
                cpuModel(), firstLine("uname", "-r")));
        md.append("- Java ").append(Runtime.version()).append(" (").append(System.getProperty("java.vm.name"))
                .append("); servers run with `-Xms256m -Xmx1g -XX:+UseParallelGC`\n");
        md.append("- Netty ").append(io.netty.util.Version.identify().get("netty-codec-http").artifactVersion())
                .append("; ").append(firstLine("nginx", "-v")).append("; ")
                .append(firstLine("wrk", "-v").replaceAll(" Copyright.*", ""))
                .append('\n');
        md.append("- load average (1, 5, 15 min): ").append(loadBefore).append(" before, ").append(loadAfter)
                .append(" after; the whole run took ").append(took).append(" s\n\n");
        return md.toString();
    }

    private static String micros(double value) {
        return value < 0 ? "—" : value >= 1_000 ? String.format(Locale.ROOT, "%.2f ms", value / 1_000)
                : String.format(Locale.ROOT, "%.0f µs", value);
    }

    private static String ratio(double value, Double reference) {
        return reference == null ? "" : String.format(Locale.ROOT, "%.2f×", value / reference);
    }
}
