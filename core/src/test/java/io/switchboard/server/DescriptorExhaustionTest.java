package io.switchboard.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.switchboard.io.Backends;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Descriptors exhausted, then freed (issue #9): an echo server in a child JVM under
 * {@code ulimit -n 256} — the reactor on nio and on epoll, and the blocking {@code threads}
 * model — is given connections until accept fails with EMFILE. It must log a warning with the
 * numbers, stay off the CPU, keep serving the connections it has, and accept again by itself
 * once the test closes some. Under {@code pause} the peers that waited in the backlog are then
 * served with nothing lost; under {@code reserve} each is closed at once (it learns without
 * waiting) and a retry after the descriptors freed is served.
 *
 * <p>Each case appends one line of measurements to {@code target/fault-measurements/emfile.txt}
 * (docs/performance.md, "Accept under descriptor exhaustion").
 */
@Timeout(120)
class DescriptorExhaustionTest {

    private static final int LIMIT = 256;
    private static final int WAITERS = 8;
    private static final int FREED = 16;
    /** How long the exhausted server's CPU time is measured: a measurement window, not a wait for an event. */
    private static final long WINDOW_MILLIS = 2_000;
    /** A spinning accept loop would use the whole window; an idle one a few ticks. */
    private static final long MAX_CPU_MILLIS = 300;
    private static final Path MEASUREMENTS = Path.of("target", "fault-measurements", "emfile.txt");

    @ParameterizedTest(name = "{0}, on EMFILE {1}")
    @CsvSource({"nio, pause", "epoll, pause", "threads, pause", "nio, reserve", "epoll, reserve", "threads, reserve"})
    void descriptorsExhaustedThenFreed(String model, String policy) throws Exception {
        assumeTrue(model.equals("threads") || Backends.unavailabilityCause(model).isEmpty(), model + " unavailable");
        boolean reserve = policy.equals("reserve");
        List<Client> held = new ArrayList<>();
        List<Client> waiters = new ArrayList<>();
        try (Child child = Child.start(model, policy)) {
            // 1. connect until accept fails. Under pause a client is waiting once the server failed two
            //    accepts (one pause apart) while it was unserved; under reserve once two in a row were
            //    closed at accept. One failure alone may be transient: the JVM opens files now and then.
            int shedWhileFilling = 0;
            int closedInARow = 0;
            fill:
            while (true) {
                assertThat(held.size()).as("connections before EMFILE under ulimit -n " + LIMIT).isLessThan(LIMIT);
                long failedBefore = child.stats().errors;
                Client client = new Client(child.port, "h" + held.size());
                switch (client.awaitEcho(() -> child.stats().errors >= failedBefore + 2)) {
                    case ECHOED -> {
                        held.add(client);
                        closedInARow = 0;
                    }
                    case WAITING -> {
                        waiters.add(client);
                        break fill;
                    }
                    case CLOSED -> {
                        assertThat(reserve).as(client.name + " closed at accept only under reserve").isTrue();
                        shedWhileFilling++;
                        client.close();
                        if (++closedInARow == 2) {
                            break fill;
                        }
                    }
                }
            }
            long filled = System.nanoTime();

            // 2. more peers arrive while the server has no descriptor left
            List<Long> learnMillis = new ArrayList<>();
            for (int i = 0; i < WAITERS; i++) {
                Client waiter = new Client(child.port, "w" + i);
                if (reserve) {
                    learnMillis.add(waiter.millisUntilClosed()); // the server closed it at accept: no waiting
                    waiter.close();
                } else {
                    waiters.add(waiter);
                }
            }

            // 3. the connections it has are served
            for (Client client : held) {
                client.roundTrip("again-" + client.name);
            }

            // 4. its CPU time over a window while exhausted: no busy loop
            Stats before = child.stats();
            long cpuBefore = child.cpuMillis();
            Thread.sleep(WINDOW_MILLIS); // the measurement window itself
            long cpuMillis = child.cpuMillis() - cpuBefore;
            Stats during = child.stats();
            assertThat(cpuMillis).as("CPU ms of the exhausted server over " + WINDOW_MILLIS + " ms").isLessThan(MAX_CPU_MILLIS);
            for (Client waiter : waiters) {
                assertThat(waiter.available()).as("a waiter is not served while descriptors are short").isZero();
            }

            // 5. free some descriptors: accepting resumes by itself
            long freed = System.nanoTime();
            for (int i = 0; i < FREED; i++) {
                held.removeLast().close();
            }
            List<Long> servedMillis = new ArrayList<>();
            List<Long> waitedMillis = new ArrayList<>();
            int retries = 0;
            if (reserve) {
                for (int i = 0; i < WAITERS; i++) {
                    while (true) { // a client that was refused retries at once, as a real one would
                        try (Client retry = new Client(child.port, "r" + i)) {
                            if (retry.awaitEcho(null) == Outcome.ECHOED) {
                                servedMillis.add(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - freed));
                                break;
                            }
                            retries++;
                            assertThat(retries).as("retries before a freed descriptor serves one").isLessThan(10_000);
                        }
                    }
                }
            } else {
                for (Client waiter : waiters) {
                    waiter.expectEcho(); // what it sent while it waited, exactly
                    servedMillis.add(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - freed));
                    waitedMillis.add(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - waiter.connected));
                }
            }
            for (Client client : held) {
                client.roundTrip("after-" + client.name);
            }
            Stats after = child.stats();

            // 6. what the server said
            Awaitility.await("the recovery logged").atMost(Duration.ofSeconds(10))
                    .until(() -> child.stderrContains("accepting on tcp://127.0.0.1:" + child.port + " again after"));
            String warning = child.stderrLine("WARNING: accept on");
            assertThat(warning).contains("Too many open files").contains("all " + LIMIT + " descriptors")
                    .contains("connections open here").contains(reserve ? "waiting connections at accept" : "pausing accepts for 100 ms");
            if (reserve) {
                assertThat(after.refused).as("connections closed at accept")
                        .isGreaterThanOrEqualTo(WAITERS + shedWhileFilling + retries);
            } else {
                assertThat(after.refused).as("nothing closed at accept under pause").isZero();
                assertThat(during.errors - before.errors).as("failed accepts in the window: one per pause, no spin")
                        .isBetween(1L, WINDOW_MILLIS / 100 + 5);
            }

            String line = String.format("%-7s %-7s held=%d cpuMs=%d/%d failedAcceptsInWindow=%d firstAnswerMs=%s"
                            + " servedAfterFreeMs=%s retries=%d closedAtAccept=%d fillMs=%d%n",
                    model, policy, held.size() + FREED, cpuMillis, WINDOW_MILLIS, during.errors - before.errors,
                    reserve ? "close:" + summary(learnMillis) : "echo:" + summary(waitedMillis), summary(servedMillis),
                    retries, after.refused,
                    TimeUnit.NANOSECONDS.toMillis(filled - child.started));
            System.out.print("MEASURED " + line);
            Files.createDirectories(MEASUREMENTS.getParent());
            Files.writeString(MEASUREMENTS, line, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } finally {
            held.forEach(Client::close);
            waiters.forEach(Client::close);
        }
    }

    private static String summary(List<Long> millis) {
        long max = millis.stream().mapToLong(Long::longValue).max().orElse(-1);
        long min = millis.stream().mapToLong(Long::longValue).min().orElse(-1);
        return min + ".." + max;
    }

    private record Stats(long refused, long errors) {
    }

    private enum Outcome { ECHOED, WAITING, CLOSED }

    /** A condition that may ask the server. */
    @FunctionalInterface
    private interface Check {
        boolean test() throws IOException;
    }

    /** The server JVM under a low descriptor limit, with its stderr collected. */
    private static final class Child implements AutoCloseable {
        private final Process process;
        private final BufferedReader out;
        private final PrintWriter commands;
        private final List<String> stderr = new CopyOnWriteArrayList<>();
        private final long started = System.nanoTime();
        private final int port;

        private Child(Process process) throws IOException {
            this.process = process;
            this.out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            this.commands = new PrintWriter(process.getOutputStream(), true, StandardCharsets.UTF_8);
            Thread.ofPlatform().daemon().name("exhaustion-server-stderr").start(() -> {
                try (BufferedReader err = new BufferedReader(
                        new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = err.readLine()) != null) {
                        stderr.add(line);
                    }
                } catch (IOException ignored) {
                    // the child is gone
                }
            });
            String ready = out.readLine();
            assertThat(ready).as("the server's first line; its stderr: " + stderr).startsWith("READY ");
            this.port = Integer.parseInt(ready.substring("READY ".length()));
        }

        static Child start(String model, String policy) throws IOException {
            String java = ProcessHandle.current().info().command().orElseThrow();
            return new Child(new ProcessBuilder("/bin/sh", "-c", "ulimit -n " + LIMIT + " && exec \"$@\"", "sh",
                    java, "--enable-native-access=ALL-UNNAMED", "-Xshare:auto", "-cp", System.getProperty("java.class.path"),
                    ExhaustionServer.class.getName(), model, policy).start());
        }

        boolean stderrContains(String text) {
            return stderr.stream().anyMatch(line -> line.contains(text));
        }

        String stderrLine(String start) {
            return stderr.stream().filter(line -> line.startsWith(start)).findFirst()
                    .orElseThrow(() -> new AssertionError("no line starting '" + start + "' in " + stderr));
        }

        Stats stats() throws IOException {
            commands.println("STATS");
            String line = out.readLine();
            assertThat(line).startsWith("STATS ");
            String[] words = line.split(" ");
            return new Stats(Long.parseLong(words[1].substring("refused=".length())),
                    Long.parseLong(words[2].substring("errors=".length())));
        }

        /** User plus system CPU time of the server JVM, from /proc/PID/stat (USER_HZ is 100 on Linux). */
        long cpuMillis() throws IOException {
            String stat = Files.readString(Path.of("/proc", String.valueOf(process.pid()), "stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * 10;
        }

        @Override
        public void close() throws InterruptedException {
            commands.close(); // end of stdin: the server stops
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    /** One blocking client connection that sent one line. */
    private static final class Client implements AutoCloseable {
        private final Socket socket;
        private final String name;
        private final byte[] sent;
        private final long connected;

        Client(int port, String name) throws IOException {
            this.socket = new Socket("127.0.0.1", port);
            this.connected = System.nanoTime();
            this.name = name;
            this.sent = (name + "\n").getBytes(StandardCharsets.UTF_8);
            socket.getOutputStream().write(sent);
        }

        /**
         * Waits for the echo of the first line, for the server to close the connection, or — when
         * {@code waiting} is given — until it says this client is waiting, with nothing received.
         */
        Outcome awaitEcho(Check waiting) throws IOException {
            socket.setSoTimeout(20);
            InputStream in = socket.getInputStream();
            byte[] got = new byte[sent.length];
            int have = 0;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (have < got.length) {
                try {
                    int n = in.read(got, have, got.length - have);
                    if (n < 0) {
                        return Outcome.CLOSED;
                    }
                    have += n;
                } catch (SocketTimeoutException e) {
                    if (have == 0 && waiting != null && waiting.test()) {
                        return Outcome.WAITING;
                    }
                    assertThat(System.nanoTime()).as(name + ": no echo, no close, no failed accepts within 20 s")
                            .isLessThan(deadline);
                } catch (SocketException e) {
                    assertThat(have).as(name + ": reset after part of its echo").isZero();
                    return Outcome.CLOSED; // reset: closed at accept with its line unread
                }
            }
            assertThat(new String(got, StandardCharsets.UTF_8)).isEqualTo(name + "\n");
            return Outcome.ECHOED;
        }

        /** Reads the echo of the first line, however long the server took. */
        void expectEcho() throws IOException {
            socket.setSoTimeout(30_000);
            byte[] got = socket.getInputStream().readNBytes(sent.length);
            assertThat(new String(got, StandardCharsets.UTF_8)).as(name + "'s echo").isEqualTo(name + "\n");
        }

        /** Waits for the server to end the connection (end of stream or reset); ms since connecting. */
        long millisUntilClosed() throws IOException {
            socket.setSoTimeout(10_000);
            try {
                assertThat(socket.getInputStream().read()).as(name + " closed at accept, nothing echoed").isEqualTo(-1);
            } catch (SocketException e) {
                // reset: it was closed with its line unread
            }
            return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - connected);
        }

        void roundTrip(String line) throws IOException {
            socket.setSoTimeout(10_000);
            byte[] bytes = (line + "\n").getBytes(StandardCharsets.UTF_8);
            socket.getOutputStream().write(bytes);
            byte[] got = socket.getInputStream().readNBytes(bytes.length);
            assertThat(new String(got, StandardCharsets.UTF_8)).as(name + "'s round trip").isEqualTo(line + "\n");
        }

        int available() throws IOException {
            return socket.getInputStream().available();
        }

        @Override
        public void close() {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing is all
            }
        }
    }
}
