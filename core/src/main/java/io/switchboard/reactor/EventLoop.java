package io.switchboard.reactor;

import java.time.Duration;
import java.util.concurrent.Executor;

/**
 * One thread that owns one poller and every connection registered with it.
 *
 * <p>Thread-safety: {@link #execute}, {@link #schedule} and {@link #every} are safe from any
 * thread; tasks run on the loop thread in the order they were submitted.
 */
public interface EventLoop extends Executor {

    /** The loop thread's name, e.g. {@code switchboard-loop-0}. */
    String name();

    /** Whether the calling thread is this loop's thread. */
    boolean inEventLoop();

    /** Runs {@code task} on the loop thread. */
    @Override
    void execute(Runnable task);

    /** Runs {@code task} on the loop thread once, after {@code delay}. */
    Timer schedule(Duration delay, Runnable task);

    /** Runs {@code task} on the loop thread every {@code period}, the first time after one period. */
    Timer every(Duration period, Runnable task);
}
