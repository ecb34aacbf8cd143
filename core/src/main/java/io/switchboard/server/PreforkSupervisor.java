package io.switchboard.server;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The prefork model — Java's answer to {@code ForkingMixIn}, which a JVM cannot do: N worker
 * processes, each a whole server bound to the same port with SO_REUSEPORT (the kernel spreads
 * connections over them), started, watched and restarted by this supervisor.
 *
 * <ul>
 *   <li>A worker is ready when it prints {@code READY} as its first line on stdout; the rest of its
 *       output is passed through.</li>
 *   <li>A worker that dies is restarted after a backoff that starts at 100 ms and doubles up to
 *       10 s; a worker that stayed up 30 s resets its backoff. Each restart is logged at WARNING
 *       with the exit status.</li>
 *   <li>{@link #stop(Duration)} sends SIGTERM to every worker, waits up to the grace period, then
 *       kills what is left.</li>
 * </ul>
 *
 * <p>Thread-safety: every method is safe from any thread.
 */
public final class PreforkSupervisor implements AutoCloseable {

    private static final Logger LOG = System.getLogger(PreforkSupervisor.class.getName());
    private static final long FIRST_BACKOFF_MILLIS = 100;
    private static final long MAX_BACKOFF_MILLIS = 10_000;
    private static final long STABLE_MILLIS = 30_000;
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(30);

    private final List<String> command;
    private final Process[] workers;
    private final long[] startedAt;
    private final long[] backoff;
    private final AtomicLong restarts = new AtomicLong();
    private final ScheduledExecutorService restarter = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "prefork-supervisor");
        thread.setDaemon(true);
        return thread;
    });
    private volatile boolean stopping;

    /**
     * @param command the command line of one worker (e.g. this JVM running {@code serve} with
     *                SO_REUSEPORT); every worker runs the same
     * @param count   how many workers
     */
    public PreforkSupervisor(List<String> command, int count) {
        if (count <= 0) {
            throw new IllegalArgumentException("workers: " + count + " (expected: > 0)");
        }
        this.command = List.copyOf(command);
        this.workers = new Process[count];
        this.startedAt = new long[count];
        this.backoff = new long[count];
    }

    /** Starts every worker and waits until each says READY. */
    public synchronized void start() throws IOException {
        for (int slot = 0; slot < workers.length; slot++) {
            launch(slot);
        }
    }

    private synchronized void launch(int slot) throws IOException {
        if (stopping) {
            return;
        }
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        String first = readFirstLine(out, process);
        if (first == null || !first.startsWith("READY")) {
            process.destroyForcibly();
            throw new IOException("worker " + slot + " did not start (first line: " + first + ", exit "
                    + (process.isAlive() ? "none yet" : process.exitValue()) + ")");
        }
        Thread.ofPlatform().daemon().name("prefork-worker-" + slot + "-output").start(() -> pass(out));
        workers[slot] = process;
        startedAt[slot] = System.nanoTime();
        process.onExit().thenAccept(exited -> exited(slot, exited));
        LOG.log(Level.INFO, () -> "worker " + slot + " ready (pid " + process.pid() + ")");
    }

    private static String readFirstLine(BufferedReader out, Process process) throws IOException {
        java.util.concurrent.CompletableFuture<String> line = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            try {
                return out.readLine();
            } catch (IOException e) {
                return null;
            }
        });
        try {
            return line.get(READY_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            process.destroyForcibly();
            throw new IOException("worker did not say READY within " + READY_TIMEOUT, e);
        }
    }

    private static void pass(BufferedReader out) {
        try {
            String line;
            while ((line = out.readLine()) != null) {
                System.out.println(line);
            }
        } catch (IOException ignored) {
            // the worker is gone
        }
    }

    private void exited(int slot, Process process) {
        if (stopping) {
            return;
        }
        long upMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedAt[slot]);
        long delay;
        synchronized (this) {
            backoff[slot] = upMillis >= STABLE_MILLIS || backoff[slot] == 0 ? FIRST_BACKOFF_MILLIS
                    : Math.min(MAX_BACKOFF_MILLIS, backoff[slot] * 2);
            delay = backoff[slot];
        }
        LOG.log(Level.WARNING, () -> "worker " + slot + " (pid " + process.pid() + ") exited with status "
                + process.exitValue() + " after " + upMillis + " ms; restarting in " + delay + " ms");
        restarter.schedule(() -> {
            try {
                launch(slot);
                restarts.incrementAndGet();
            } catch (IOException e) {
                LOG.log(Level.ERROR, "restarting worker " + slot + " failed: " + e.getMessage());
                exited(slot, process); // try again, with a longer backoff
            }
        }, delay, TimeUnit.MILLISECONDS);
    }

    /** The worker processes' ids, slot by slot (a restarted worker has a new one). */
    public synchronized List<Long> workerPids() {
        List<Long> pids = new ArrayList<>();
        for (Process worker : workers) {
            pids.add(worker == null ? -1 : worker.pid());
        }
        return pids;
    }

    /** How many times a worker was restarted. */
    public long restarts() {
        return restarts.get();
    }

    /**
     * Stops every worker gracefully: SIGTERM, then up to {@code grace} to exit, then SIGKILL.
     *
     * @return whether all exited within the grace period
     */
    public boolean stop(Duration grace) {
        List<Process> running = new ArrayList<>();
        synchronized (this) {
            stopping = true;
            for (Process worker : workers) {
                if (worker != null) {
                    running.add(worker);
                }
            }
        }
        restarter.shutdownNow();
        running.forEach(Process::destroy);
        long deadline = System.nanoTime() + grace.toNanos();
        boolean clean = true;
        for (Process worker : running) {
            try {
                if (!worker.waitFor(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                    clean = false;
                    worker.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                worker.destroyForcibly();
                clean = false;
            }
        }
        return clean;
    }

    /** {@link #stop(Duration)} with 5 s of grace. */
    @Override
    public void close() {
        stop(Duration.ofSeconds(5));
    }
}
