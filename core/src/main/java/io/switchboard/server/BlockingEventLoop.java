package io.switchboard.server;

import io.switchboard.reactor.EventLoop;
import io.switchboard.reactor.Timer;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The {@link EventLoop} of a protocol that runs on a blocking thread: tasks and timers run under
 * the connection's lock, so they never run concurrently with the protocol's callbacks — the same
 * promise the reactor's loops give. Timers share one daemon scheduler thread; the work itself runs
 * on a virtual thread.
 */
final class BlockingEventLoop implements EventLoop {

    private static final ScheduledExecutorService TIMERS = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "switchboard-blocking-timers");
        thread.setDaemon(true);
        return thread;
    });

    private final String name;
    private final ReentrantLock lock;

    BlockingEventLoop(String name, ReentrantLock lock) {
        this.name = name;
        this.lock = lock;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public boolean inEventLoop() {
        return lock.isHeldByCurrentThread();
    }

    @Override
    public void execute(Runnable task) {
        Thread.ofVirtual().name(name + "-task").start(() -> runLocked(task));
    }

    void runLocked(Runnable task) {
        lock.lock();
        try {
            task.run();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public Timer schedule(Duration delay, Runnable task) {
        return new FutureTimer(TIMERS.schedule(() -> execute(task), delay.toNanos(), TimeUnit.NANOSECONDS));
    }

    @Override
    public Timer every(Duration period, Runnable task) {
        return new FutureTimer(TIMERS.scheduleAtFixedRate(() -> runLocked(task), period.toNanos(), period.toNanos(),
                TimeUnit.NANOSECONDS));
    }

    private record FutureTimer(ScheduledFuture<?> future) implements Timer {
        @Override
        public void cancel() {
            future.cancel(false);
        }

        @Override
        public boolean isCancelled() {
            return future.isCancelled();
        }
    }
}
