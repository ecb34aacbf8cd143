package io.switchboard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A prefork worker SIGKILLed under load (issue #9), through {@code serve --model prefork} as a
 * user runs it: clients do echo and upper round trips without pause, a prober opens a new
 * connection for each of its round trips, and one worker — the one holding the most clients, its
 * pid taken from the supervisor's table — is killed with SIGKILL.
 *
 * <p>Asserted: the supervisor starts a replacement that serves; the clients whose connection was on
 * the killed worker (found through /proc: which worker holds the server side of each connection)
 * see it end, reconnect and carry on; every other client never sees an error; the prober is served
 * throughout, and no connection opened after the killed worker was reaped fails; every round trip
 * that completed returned exactly what was sent (echo) or its upper case (upper).
 *
 * <p>A client of the killed worker can be reset twice: the dying process closes its descriptors in
 * number order, and a connection accepted into a low-numbered hole closes before the listener. A
 * client that reconnects at once may then be queued on the dying worker's listener (SO_REUSEPORT
 * picks it by hash), and is reset when that listener closes a moment later. Both breaks happen
 * before the worker is reaped; the test counts them.
 */
@Timeout(150)
class PreforkKillTest {

    private static final int WORKERS = 3;
    private static final int CLIENTS = 6;
    private static final int ROUND_TRIPS_BEFORE = 200;
    private static final int ROUND_TRIPS_AFTER = 200;
    private static final Pattern PIDS = Pattern.compile("worker processes \\[([0-9, ]+)\\]");
    private static final Pattern ENDPOINT = Pattern.compile("tcp://127\\.0\\.0\\.1:(\\d+)");

    @Test
    void aWorkerKilledUnderLoadIsReplacedAndOnlyItsClientsNoticeIt(@TempDir Path dir) throws Exception {
        String java = ProcessHandle.current().info().command().orElseThrow();
        Process serve = new ProcessBuilder(java, "--enable-native-access=ALL-UNNAMED", "-cp",
                System.getProperty("java.class.path"), "io.switchboard.cli.Main", "serve", "--model", "prefork",
                "--workers", String.valueOf(WORKERS), "--listen", "echo=tcp://127.0.0.1:0",
                "--listen", "upper=tcp://127.0.0.1:0", "--data-dir", dir.resolve("data").toString()).start();
        List<String> log = new CopyOnWriteArrayList<>();
        List<Client> clients = new ArrayList<>();
        Prober prober = null;
        try {
            drain(serve.getErrorStream(), log);
            BufferedReader out = new BufferedReader(new InputStreamReader(serve.getInputStream(), StandardCharsets.UTF_8));
            List<String> table = new ArrayList<>();
            String line;
            while ((line = out.readLine()) != null && !line.contains("Ctrl-C")) {
                table.add(line);
            }
            drain(serve.getInputStream(), new CopyOnWriteArrayList<>());
            Matcher pidList = PIDS.matcher(table.getFirst());
            assertThat(pidList.find()).as("worker pids in " + table.getFirst()).isTrue();
            List<Long> workers = Arrays.stream(pidList.group(1).split(",\\s*")).map(Long::parseLong).toList();
            assertThat(workers).hasSize(WORKERS);
            int echo = port(table, "echo");
            int upper = port(table, "upper");

            for (int i = 0; i < CLIENTS; i++) {
                Client client = i % 2 == 0 ? new Client("echo" + i, echo, false) : new Client("upper" + i, upper, true);
                clients.add(client);
                client.thread = Thread.ofPlatform().name("client-" + client.name).start(client::run);
            }
            prober = new Prober(echo);
            Prober probing = prober;
            Thread proberThread = Thread.ofPlatform().name("prober").start(probing::run);
            Awaitility.await("every client under way").atMost(Duration.ofSeconds(30))
                    .until(() -> clients.stream().allMatch(c -> c.completed.get() >= ROUND_TRIPS_BEFORE));

            // which worker holds each client's connection; the one with the most clients is killed
            Map<Client, Long> owner = new HashMap<>();
            for (Client client : clients) {
                owner.put(client, ownerOf(client.serverPort, client.localPort, workers));
            }
            long victim = workers.stream().max((a, b) -> Long.compare(count(owner, a), count(owner, b))).orElseThrow();
            Set<Client> onVictim = new HashSet<>();
            owner.forEach((client, pid) -> {
                if (pid == victim) {
                    onVictim.add(client);
                }
            });
            long proberBefore = prober.served.get();
            long killedAt = System.nanoTime();
            ProcessHandle dying = ProcessHandle.of(victim).orElseThrow();
            assertThat(dying.destroyForcibly()).isTrue(); // SIGKILL
            dying.onExit().get(10, TimeUnit.SECONDS);
            long reapedAt = System.nanoTime();

            // the supervisor notices, says so, and starts a replacement
            Awaitility.await("a replacement worker").atMost(Duration.ofSeconds(60)).until(() ->
                    serve.toHandle().children().filter(ProcessHandle::isAlive).count() == WORKERS
                            && serve.toHandle().children().anyMatch(c -> !workers.contains(c.pid())));
            long replacement = serve.toHandle().children().filter(c -> !workers.contains(c.pid()))
                    .findFirst().orElseThrow().pid();
            long restartedAt = System.nanoTime();
            long proberDuringOutage = prober.served.get() - proberBefore;
            Awaitility.await("the restart logged").atMost(Duration.ofSeconds(10)).until(() ->
                    log.stream().anyMatch(l -> l.contains("(pid " + victim + ") exited with status 137"))
                            && log.stream().anyMatch(l -> l.contains("ready (pid " + replacement + ")")));
            int triesToReachReplacement = 0;
            while (true) { // new connections until one lands on the replacement: it serves
                triesToReachReplacement++;
                assertThat(triesToReachReplacement).as("connections before one reached the replacement").isLessThan(500);
                try (Socket socket = new Socket("127.0.0.1", echo)) {
                    socket.setSoTimeout(10_000);
                    Client.roundTrip(socket, "replacement-" + triesToReachReplacement, false);
                    if (ownerOf(echo, socket.getLocalPort(), List.of(replacement)) == replacement) {
                        break;
                    }
                }
            }

            long[] completedAtRestart = clients.stream().mapToLong(c -> c.completed.get()).toArray();
            Awaitility.await("every client carries on").atMost(Duration.ofSeconds(30)).until(() -> {
                for (int i = 0; i < CLIENTS; i++) {
                    if (clients.get(i).completed.get() < completedAtRestart[i] + ROUND_TRIPS_AFTER) {
                        return false;
                    }
                }
                return true;
            });
            prober.stop = true;
            proberThread.join(15_000);
            for (Client client : clients) {
                client.stop = true;
                client.thread.join(15_000);
            }

            for (Client client : clients) {
                assertThat(client.wrong).as(client.name + ": replies that differ from what was sent").isEmpty();
                if (onVictim.contains(client)) {
                    assertThat(client.breaks).as(client.name + " was on the killed worker: its connection ended")
                            .isNotEmpty()
                            .allMatch(b -> b.at() > killedAt, "after the kill")
                            .allMatch(b -> b.opened() < reapedAt, "on a connection opened before the worker was reaped");
                } else {
                    assertThat(client.breaks).as(client.name + " was on another worker: no error").isEmpty();
                }
            }
            assertThat(prober.wrong).isEmpty();
            assertThat(prober.failures).as("no connection opened after the killed worker was reaped failed")
                    .allMatch(failure -> failure.opened() < reapedAt);
            assertThat(proberDuringOutage).as("new connections served while a worker was down").isPositive();

            long total = clients.stream().mapToLong(c -> c.completed.get()).sum();
            long breaks = clients.stream().mapToLong(c -> c.breaks.size()).sum();
            System.out.printf(Locale.ROOT, "MEASURED prefork kill: %d workers, %d clients (%d on the killed worker: "
                            + "%d connection ends, %d of them a reconnection reset by the dying listener), %d round "
                            + "trips all exact, prober %d served / %d failed before the reap (%d while a worker was "
                            + "down), replacement after %d ms, reached after %d connections%n",
                    WORKERS, CLIENTS, onVictim.size(), breaks, breaks - onVictim.size(), total, prober.served.get(),
                    prober.failures.size(),
                    proberDuringOutage, TimeUnit.NANOSECONDS.toMillis(restartedAt - killedAt), triesToReachReplacement);
            assertThat(onVictim).as("the killed worker held a client").isNotEmpty();

            serve.destroy(); // SIGTERM
            assertThat(serve.waitFor(10, TimeUnit.SECONDS)).as("serve stopped").isTrue();
            assertThat(serve.exitValue()).isZero();
        } finally {
            if (prober != null) {
                prober.stop = true;
            }
            clients.forEach(c -> c.stop = true);
            serve.descendants().forEach(ProcessHandle::destroyForcibly);
            serve.destroyForcibly();
        }
    }

    private static long count(Map<Client, Long> owner, long pid) {
        return owner.values().stream().filter(p -> p == pid).count();
    }

    private static int port(List<String> table, String service) {
        for (String row : table) {
            if (row.trim().startsWith(service + " ")) {
                Matcher matcher = ENDPOINT.matcher(row);
                if (matcher.find()) {
                    return Integer.parseInt(matcher.group(1));
                }
            }
        }
        throw new AssertionError("no tcp endpoint for " + service + " in " + table);
    }

    private static void drain(java.io.InputStream stream, List<String> into) {
        Thread.ofPlatform().daemon().name("serve-output").start(() -> {
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                String line;
                while ((line = reader.readLine()) != null) {
                    into.add(line);
                }
            } catch (IOException ignored) {
                // serve is gone
            }
        });
    }

    /**
     * Which of {@code pids} holds the server side of the loopback connection from {@code clientPort}
     * to {@code serverPort}: its inode from /proc/net/tcp, then the process whose fd links to it.
     */
    private static long ownerOf(int serverPort, int clientPort, List<Long> pids) throws IOException {
        String local = String.format(Locale.ROOT, "0100007F:%04X", serverPort);
        String remote = String.format(Locale.ROOT, "0100007F:%04X", clientPort);
        String inode = null;
        for (String row : Files.readAllLines(Path.of("/proc/net/tcp"))) {
            String[] f = row.trim().split("\\s+");
            if (f.length > 9 && f[1].equals(local) && f[2].equals(remote)) {
                inode = f[9];
            }
        }
        assertThat(inode).as("server side of 127.0.0.1:" + clientPort + " -> :" + serverPort).isNotNull();
        String link = "socket:[" + inode + "]";
        for (long pid : pids) {
            try (Stream<Path> fds = Files.list(Path.of("/proc", String.valueOf(pid), "fd"))) {
                for (Path fd : fds.toList()) {
                    try {
                        if (Files.readSymbolicLink(fd).toString().equals(link)) {
                            return pid;
                        }
                    } catch (IOException closedMeanwhile) {
                        // a descriptor closed while listing
                    }
                }
            }
        }
        return -1;
    }

    /** A connection that broke: when it was opened, when it broke, how. */
    private record Failure(long opened, long at, String what) {
    }

    /** One client doing round trips on one connection, reconnecting when the connection ends. */
    private static final class Client {
        final String name;
        final int serverPort;
        final boolean upper;
        final AtomicLong completed = new AtomicLong();
        final ConcurrentLinkedQueue<Failure> breaks = new ConcurrentLinkedQueue<>();
        final ConcurrentLinkedQueue<String> wrong = new ConcurrentLinkedQueue<>();
        volatile int localPort;
        volatile boolean stop;
        Thread thread;

        Client(String name, int serverPort, boolean upper) {
            this.name = name;
            this.serverPort = serverPort;
            this.upper = upper;
        }

        void run() {
            long n = 0;
            while (!stop) {
                long opened = System.nanoTime();
                try (Socket socket = new Socket("127.0.0.1", serverPort)) {
                    socket.setSoTimeout(10_000);
                    socket.setTcpNoDelay(true);
                    localPort = socket.getLocalPort();
                    while (!stop) {
                        String reply = roundTrip(socket, name + "-" + n, upper);
                        if (reply != null) {
                            wrong.add(reply);
                        }
                        n++;
                        completed.incrementAndGet();
                    }
                } catch (IOException e) {
                    if (stop) {
                        return;
                    }
                    breaks.add(new Failure(opened, System.nanoTime(), String.valueOf(e)));
                    if (breaks.size() > 5) {
                        return; // something else is wrong; the assertions will say so
                    }
                }
            }
        }

        /**
         * One round trip of a payload without whitespace (upper strips it per chunk); returns
         * null when the reply is exactly right, else a description of the wrong reply.
         */
        static String roundTrip(Socket socket, String payload, boolean upper) throws IOException {
            byte[] sent = payload.getBytes(StandardCharsets.US_ASCII);
            socket.getOutputStream().write(sent);
            byte[] got = socket.getInputStream().readNBytes(sent.length);
            if (got.length < sent.length) {
                throw new IOException("connection ended after " + got.length + " of " + sent.length + " bytes");
            }
            String expected = upper ? payload.toUpperCase(Locale.ROOT) : payload;
            String reply = new String(got, StandardCharsets.US_ASCII);
            return reply.equals(expected) ? null : "sent " + payload + ", got " + reply;
        }
    }

    /** A new connection for every round trip. */
    private static final class Prober {
        final int port;
        final AtomicLong served = new AtomicLong();
        final ConcurrentLinkedQueue<Failure> failures = new ConcurrentLinkedQueue<>();
        final ConcurrentLinkedQueue<String> wrong = new ConcurrentLinkedQueue<>();
        volatile boolean stop;

        Prober(int port) {
            this.port = port;
        }

        void run() {
            long n = 0;
            while (!stop) {
                long opened = System.nanoTime();
                try (Socket socket = new Socket("127.0.0.1", port)) {
                    socket.setSoTimeout(10_000);
                    String reply = Client.roundTrip(socket, "probe-" + n++, false);
                    if (reply != null) {
                        wrong.add(reply);
                    }
                    served.incrementAndGet();
                } catch (IOException e) {
                    failures.add(new Failure(opened, System.nanoTime(), String.valueOf(e)));
                }
            }
        }
    }
}
