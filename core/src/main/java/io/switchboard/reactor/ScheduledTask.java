package io.switchboard.reactor;

/**
 * A timer entry of one event loop's queue: a deadline, an optional period, and the task.
 * Ordered by deadline, then by submission, so timers due together run in the order they were set.
 */
final class ScheduledTask implements Timer, Comparable<ScheduledTask> {

    private final Loop loop;
    private final Runnable task;
    private final long periodNanos;
    private final long sequence;
    private long deadlineNanos;
    private volatile boolean cancelled;

    ScheduledTask(Loop loop, Runnable task, long deadlineNanos, long periodNanos, long sequence) {
        this.loop = loop;
        this.task = task;
        this.deadlineNanos = deadlineNanos;
        this.periodNanos = periodNanos;
        this.sequence = sequence;
    }

    long deadlineNanos() {
        return deadlineNanos;
    }

    Runnable task() {
        return task;
    }

    /** For a periodic timer: moves the deadline one period on; returns whether it should be queued again. */
    boolean reschedule() {
        if (periodNanos <= 0 || cancelled) {
            return false;
        }
        deadlineNanos += periodNanos;
        return true;
    }

    @Override
    public void cancel() {
        if (!cancelled) {
            cancelled = true;
            loop.cancelTimer(this);
        }
    }

    @Override
    public boolean isCancelled() {
        return cancelled;
    }

    @Override
    public int compareTo(ScheduledTask other) {
        int byDeadline = Long.compare(deadlineNanos - other.deadlineNanos, 0);
        return byDeadline != 0 ? byDeadline : Long.compare(sequence, other.sequence);
    }
}
