package io.switchboard.reactor;

/**
 * A scheduled task's handle, from {@link EventLoop#schedule} or {@link EventLoop#every}.
 *
 * <p>Thread-safety: {@link #cancel} may be called from any thread.
 */
public interface Timer {

    /** Stops the task from running (again). Cancelling twice, or after it ran, does nothing. */
    void cancel();

    /** Whether {@link #cancel} was called. */
    boolean isCancelled();
}
