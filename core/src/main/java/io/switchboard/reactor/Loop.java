package io.switchboard.reactor;

import io.switchboard.io.Events;
import io.switchboard.io.Interest;
import io.switchboard.io.Poller;
import io.switchboard.io.SocketHandle;
import io.switchboard.io.Token;
import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Arrays;
import java.util.PriorityQueue;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One event loop: a thread, the poller it owns, the handlers registered with it, a task queue for
 * other threads, and a timer queue.
 *
 * <p>An iteration: poll (blocking until the next timer unless tasks wait) → dispatch readiness →
 * run queued tasks → run due timers. Other threads hand work in through {@link #execute}, which
 * wakes the poller only if the loop is (about to be) blocked, so a busy loop is not woken by
 * every cross-thread write.
 *
 * <p>Handlers live in a slab indexed by the low 32 bits of their token; the high 32 bits are a
 * generation, so an event for a closed handler whose slot was reused is recognised and dropped.
 */
final class Loop implements EventLoop, Runnable {

    private static final Logger LOG = System.getLogger(Loop.class.getName());
    private static final int MAX_TASKS_PER_ITERATION = 4096;

    private enum State { RUNNING, STOPPING, STOPPED }

    private final String name;
    private final Poller poller;
    private final Events events = new Events(1024);
    private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean sleeping = new AtomicBoolean();
    private final PriorityQueue<ScheduledTask> timers = new PriorityQueue<>();
    private final TransportConfig config;
    private final ByteBuffer readBuffer;
    private final Thread thread;
    private final CompletableFuture<Void> terminated = new CompletableFuture<>();

    private Handler[] handlers = new Handler[64];
    private int[] generations = new int[64];
    private int[] freeSlots = new int[64];
    private int freeCount;
    private int nextUnusedSlot;
    private int connectionCount;
    private long timerSequence;

    private volatile State state = State.RUNNING;
    private long now = System.nanoTime();
    private long stopDeadlineNanos;

    Loop(String name, Poller poller, TransportConfig config) {
        this.name = name;
        this.poller = poller;
        this.config = config;
        this.readBuffer = ByteBuffer.allocateDirect(config.readBufferSize());
        this.thread = Thread.ofPlatform().name(name).unstarted(this);
    }

    void start() {
        thread.start();
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public boolean inEventLoop() {
        return Thread.currentThread() == thread;
    }

    TransportConfig config() {
        return config;
    }

    boolean edgeTriggered() {
        return poller.edgeTriggered();
    }

    /** The loop's one read buffer, lent to a protocol for the duration of a {@code dataReceived}. */
    ByteBuffer readBuffer() {
        return readBuffer;
    }

    /** {@link System#nanoTime()} as of the end of the last poll: a cheap clock for activity stamps. */
    long now() {
        return now;
    }

    boolean isStopping() {
        return state != State.RUNNING;
    }

    CompletableFuture<Void> terminated() {
        return terminated;
    }

    // ---- tasks ------------------------------------------------------------------------------

    @Override
    public void execute(Runnable task) {
        if (!offer(task)) {
            throw new RejectedExecutionException("event loop " + name + " has stopped");
        }
    }

    /** Queues {@code task}; returns false (and drops it) if the loop has stopped. */
    boolean offer(Runnable task) {
        if (state == State.STOPPED) {
            return false;
        }
        tasks.add(task);
        if (!inEventLoop() && sleeping.compareAndSet(true, false)) {
            poller.wakeup();
        }
        return true;
    }

    /** Runs {@code task} now if called on the loop, otherwise queues it. */
    void run(Runnable task) {
        if (inEventLoop()) {
            task.run();
        } else {
            offer(task);
        }
    }

    // ---- timers -----------------------------------------------------------------------------

    @Override
    public Timer schedule(Duration delay, Runnable task) {
        return addTimer(task, delay, 0);
    }

    @Override
    public Timer every(Duration period, Runnable task) {
        if (period.isZero() || period.isNegative()) {
            throw new IllegalArgumentException("period: " + period + " (expected: > 0)");
        }
        return addTimer(task, period, period.toNanos());
    }

    private Timer addTimer(Runnable task, Duration delay, long periodNanos) {
        long deadline = System.nanoTime() + Math.max(0, delay.toNanos());
        if (inEventLoop()) {
            ScheduledTask timer = new ScheduledTask(this, task, deadline, periodNanos, timerSequence++);
            timers.add(timer);
            return timer;
        }
        ScheduledTask timer = new ScheduledTask(this, task, deadline, periodNanos, 0);
        execute(() -> timers.add(timer));
        return timer;
    }

    void cancelTimer(ScheduledTask timer) {
        if (inEventLoop()) {
            timers.remove(timer);
        } else {
            offer(() -> timers.remove(timer));
        }
    }

    // ---- registration -----------------------------------------------------------------------

    /** Allocates a slot and its token for a handler about to be registered. Loop thread only. */
    Token reserveToken() {
        int slot;
        if (freeCount > 0) {
            slot = freeSlots[--freeCount];
        } else {
            slot = nextUnusedSlot++;
            if (slot == handlers.length) {
                handlers = Arrays.copyOf(handlers, slot * 2);
                generations = Arrays.copyOf(generations, slot * 2);
            }
        }
        return new Token(((long) generations[slot] << 32) | slot);
    }

    /** Registers {@code socket} for {@code handler} under a token from {@link #reserveToken}. */
    void register(SocketHandle socket, Handler handler, Interest interest) throws IOException {
        int slot = (int) handler.token().value();
        handlers[slot] = handler;
        try {
            poller.register(socket, handler.token(), interest);
        } catch (IOException | RuntimeException e) {
            release(handler);
            throw e;
        }
        if (handler instanceof Connection) {
            connectionCount++;
        }
    }

    void modify(SocketHandle socket, Handler handler, Interest interest) throws IOException {
        poller.modify(socket, handler.token(), interest);
    }

    /** Deregisters and frees the handler's slot; the socket is closed by the caller. */
    void unregister(SocketHandle socket, Handler handler) {
        try {
            poller.deregister(socket);
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.DEBUG, () -> name + ": deregister failed: " + e);
        }
        if (handlers[(int) handler.token().value()] == handler && handler instanceof Connection) {
            connectionCount--;
        }
        release(handler);
    }

    private void release(Handler handler) {
        int slot = (int) handler.token().value();
        if (handlers[slot] != handler) {
            return;
        }
        handlers[slot] = null;
        generations[slot]++;
        if (freeCount == freeSlots.length) {
            freeSlots = Arrays.copyOf(freeSlots, freeCount * 2);
        }
        freeSlots[freeCount++] = slot;
    }

    // ---- stop -------------------------------------------------------------------------------

    /** Starts a graceful stop: every handler is asked to finish; the loop ends at the deadline at the latest. */
    void beginStop(long deadlineNanos) {
        run(() -> {
            if (state != State.RUNNING) {
                stopDeadlineNanos = Math.min(stopDeadlineNanos, deadlineNanos);
                return;
            }
            stopDeadlineNanos = deadlineNanos;
            state = State.STOPPING;
            for (Handler handler : handlers.clone()) {
                if (handler != null) {
                    handler.stopRequested();
                }
            }
        });
    }

    private final java.util.ArrayDeque<Connection> toFlush = new java.util.ArrayDeque<>();

    // ---- the loop ---------------------------------------------------------------------------

    @Override
    public void run() {
        try {
            while (true) {
                long timeout = pollTimeoutNanos();
                if (timeout != 0) {
                    sleeping.set(true);
                    if (!tasks.isEmpty()) {
                        timeout = 0;
                    }
                }
                int ready = poller.poll(events, timeout);
                sleeping.set(false);
                now = System.nanoTime();
                for (int i = 0; i < ready; i++) {
                    dispatch(events.token(i), events.readyFlags(i));
                }
                runTasks();
                runTimers();
                if (state == State.STOPPING && (connectionCount == 0 || System.nanoTime() - stopDeadlineNanos >= 0)) {
                    break;
                }
            }
        } catch (Throwable fatal) {
            LOG.log(Level.ERROR, name + ": event loop failed; closing its connections", fatal);
        } finally {
            closeEverything();
        }
    }

    private long pollTimeoutNanos() {
        if (!tasks.isEmpty()) {
            return 0;
        }
        long now = System.nanoTime();
        long until = -1;
        ScheduledTask next = timers.peek();
        if (next != null) {
            until = Math.max(0, next.deadlineNanos() - now);
        }
        if (state == State.STOPPING) {
            long untilStop = Math.max(0, stopDeadlineNanos - now);
            until = until < 0 ? untilStop : Math.min(until, untilStop);
        }
        return until;
    }

    private void dispatch(Token token, int flags) {
        int slot = (int) token.value();
        Handler handler = slot < handlers.length ? handlers[slot] : null;
        if (handler == null || handler.token().value() != token.value()) {
            return; // closed earlier in this batch
        }
        try {
            handler.ready(flags);
        } catch (RuntimeException e) {
            LOG.log(Level.ERROR, name + ": handler " + handler + " failed", e);
            handler.forceClose(new CloseReason.Failed(e));
        }
    }

    private void runTasks() {
        for (int i = 0; i < MAX_TASKS_PER_ITERATION; i++) {
            Runnable task = tasks.poll();
            if (task == null) {
                break;
            }
            safely(task);
        }
        flushDeferred();
    }

    /**
     * Asks for {@code connection}'s queued writes to be sent once this iteration's tasks have run,
     * so writes handed over from other threads in one burst (a chat line fanned out, many lines
     * from one sender) leave in one gathering write instead of one write each. Loop thread only.
     */
    void flushAfterTasks(Connection connection) {
        toFlush.add(connection);
    }

    private void flushDeferred() {
        Connection next;
        while ((next = toFlush.poll()) != null) {
            Connection connection = next;
            safely(connection::flushDeferred);
        }
    }

    private void runTimers() {
        long now = System.nanoTime();
        ScheduledTask next;
        while ((next = timers.peek()) != null && now - next.deadlineNanos() >= 0) {
            timers.poll();
            if (next.isCancelled()) {
                continue;
            }
            safely(next.task());
            if (next.reschedule()) {
                timers.add(next);
            }
        }
    }

    private void safely(Runnable task) {
        try {
            task.run();
        } catch (RuntimeException e) {
            LOG.log(Level.ERROR, name + ": task failed", e);
        }
    }

    private void closeEverything() {
        state = State.STOPPED;
        for (Handler handler : handlers.clone()) {
            if (handler != null) {
                try {
                    handler.forceClose(new CloseReason.Aborted("stop deadline passed"));
                } catch (RuntimeException e) {
                    LOG.log(Level.DEBUG, () -> name + ": forced close failed: " + e);
                }
            }
        }
        Runnable leftover;
        while ((leftover = tasks.poll()) != null) {
            safely(leftover); // e.g. a hand-off of an accepted socket: it sees the stop and closes
        }
        try {
            poller.close();
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.WARNING, () -> name + ": closing poller: " + e);
        } finally {
            terminated.complete(null);
        }
    }

    @Override
    public String toString() {
        return name + "[" + poller.name() + ", " + connectionCount + " connections]";
    }
}
