package io.switchboard.server;

import io.switchboard.endpoint.Endpoint;
import io.switchboard.endpoint.TcpEndpoint;
import io.switchboard.io.Backend;
import io.switchboard.io.Events;
import io.switchboard.io.Interest;
import io.switchboard.io.ListenOptions;
import io.switchboard.io.Poller;
import io.switchboard.io.SocketHandle;
import io.switchboard.io.Token;
import io.switchboard.metrics.TrafficStats;
import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The socketserver model's base: a bound socket, a loop that waits for requests, and a dispatch
 * that runs each one. Python's {@code BaseServer}, without the deadlock in {@code shutdown}.
 *
 * <p><b>For the caller:</b> construct (binds and listens at once), then {@link #serveForever} on a
 * thread of your choice, or {@link #handleRequest()} one at a time; {@link #shutdown()} from any
 * thread (also from inside a handler) stops the loop; {@link #close()} releases everything,
 * waiting for requests in flight up to the grace period. {@link #endpoint()} says where it
 * listens, with the real port after port 0.
 *
 * <p><b>May be overridden:</b> {@link #verifyRequest} (default: the access policy),
 * {@link #handleError} (default: log a WARNING with the peer's address and serve on),
 * {@link #handleTimeout}, {@link #serviceActions}.
 *
 * <p>The loop waits on a {@link Poller} from the server's backend, so {@code shutdown} wakes it at
 * once rather than after a poll interval. Thread-safety: every public method is safe from any
 * thread.
 */
public abstract sealed class BaseServer implements AutoCloseable permits StreamServer, DatagramServer {

    private static final Logger LOG = System.getLogger(BaseServer.class.getName());
    private static final ThreadLocal<BaseServer> HANDLING = new ThreadLocal<>();
    private static final Token TOKEN = new Token(0);

    /** How a subclass opens its socket. */
    @FunctionalInterface
    interface SocketOpener {
        SocketHandle open(Backend backend, Endpoint endpoint, ListenOptions options) throws IOException;
    }

    private final ServerConfig config;
    private final SocketHandle socket;
    private final Endpoint endpoint;
    private final Poller poller;
    private final Events events = new Events(4);
    private final TrafficStats stats;
    private final Map<Thread, PendingRequest> inFlight = new ConcurrentHashMap<>();
    private final Object idle = new Object();
    private final Semaphore slots;
    private final ExecutorService pool;
    private final AtomicLong requestIds = new AtomicLong();
    private final Object lifecycle = new Object();
    private volatile boolean shutdownRequested;
    private volatile Thread servingThread;
    private volatile CountDownLatch loopStopped = new CountDownLatch(0);
    private volatile boolean closed;
    private long acceptsResumeAt; // System.nanoTime() when a paused listener is watched again; 0: not paused; serving thread

    BaseServer(Endpoint requested, ServerConfig config, Backend backend, boolean stream, SocketOpener opener)
            throws IOException {
        this.config = config;
        this.stats = config.stats() != null ? config.stats() : new TrafficStats();
        ListenOptions options = new ListenOptions(config.backlog(), config.reuseAddress(), config.reusePort());
        boolean tls = requested instanceof TcpEndpoint tcp && tcp.tls();
        this.socket = opener.open(backend, tls ? ((TcpEndpoint) requested).withTls(false) : requested, options);
        try {
            Endpoint bound = Endpoint.of(socket.localAddress(), stream);
            this.endpoint = tls ? ((TcpEndpoint) bound).withTls(true) : bound; // the socket is TCP; the bytes are TLS
            this.poller = backend.openPoller();
            poller.register(socket, TOKEN, Interest.READABLE);
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
        if (config.dispatch() instanceof Dispatch.Threads threads) {
            this.slots = new Semaphore(threads.maxThreads());
            this.pool = Executors.newFixedThreadPool(threads.maxThreads(),
                    Thread.ofPlatform().name("switchboard-request-", 0).daemon().factory());
        } else {
            this.slots = null;
            this.pool = null;
        }
    }

    /** Where the server listens, with the real port after binding port 0. */
    public final Endpoint endpoint() {
        return endpoint;
    }

    /** The configuration it runs with. */
    public final ServerConfig config() {
        return config;
    }

    /** Counters: connections (or datagrams) handled, refused, errors. */
    public final TrafficStats stats() {
        return stats;
    }

    /** Requests being handled right now. */
    public final int requestsInFlight() {
        return inFlight.size();
    }

    final SocketHandle socket() {
        return socket;
    }

    /** Takes one waiting request off the socket, or {@code null} if none is ready after all. */
    abstract PendingRequest receiveRequest() throws IOException;

    // ---- for the caller ---------------------------------------------------------------------

    /**
     * Handles requests until {@link #shutdown()}. {@code pollInterval} bounds each wait so
     * {@link #serviceActions()} runs at least that often; shutdown does not wait for it.
     *
     * @throws IllegalStateException if another thread is already serving, or the server is closed
     */
    public final void serveForever(Duration pollInterval) throws IOException {
        CountDownLatch stopped = new CountDownLatch(1);
        synchronized (lifecycle) {
            if (closed) {
                throw new IllegalStateException("server " + endpoint + " is closed");
            }
            if (servingThread != null) {
                throw new IllegalStateException("server " + endpoint + " is already served by " + servingThread.getName());
            }
            servingThread = Thread.currentThread();
            loopStopped = stopped;
        }
        try {
            while (!shutdownRequested) {
                int ready = poller.poll(events, untilResume(Math.max(1, pollInterval.toNanos())));
                resumeAcceptingIfDue();
                if (shutdownRequested) {
                    break;
                }
                if (ready > 0) {
                    handleReadyRequest();
                }
                serviceActions();
            }
        } finally {
            synchronized (lifecycle) {
                shutdownRequested = false;
                servingThread = null;
            }
            stopped.countDown();
        }
    }

    /** {@link #serveForever(Duration)} with Python's poll interval of half a second. */
    public final void serveForever() throws IOException {
        serveForever(Duration.ofMillis(500));
    }

    /**
     * Waits for one request (up to the configured timeout) and handles it; on timeout calls
     * {@link #handleTimeout()}. Returns whether a request was handled.
     */
    public final boolean handleRequest() throws IOException {
        if (acceptsResumeAt != 0) {
            poller.poll(events, untilResume(Long.MAX_VALUE)); // accepting paused for lack of descriptors
            resumeAcceptingIfDue();
        }
        long timeout = config.timeout().isZero() ? -1 : config.timeout().toNanos();
        if (poller.poll(events, timeout) == 0) {
            handleTimeout();
            return false;
        }
        handleReadyRequest();
        return true;
    }

    /**
     * Stops {@link #serveForever} and waits until it has returned — except when called on the
     * serving thread or inside one of this server's handlers, where waiting would deadlock
     * (Python's does): then it only asks, and the loop ends once the current request is done.
     * Requests in flight go on; {@link #close()} waits for them.
     */
    public final void shutdown() {
        CountDownLatch stopped;
        synchronized (lifecycle) {
            if (servingThread == null) {
                return;
            }
            shutdownRequested = true;
            stopped = loopStopped;
            if (servingThread == Thread.currentThread() || HANDLING.get() == this) {
                poller.wakeup();
                return;
            }
        }
        poller.wakeup();
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Stops serving, closes the socket, and waits up to the grace period for requests in flight
     * (Python's {@code block_on_close}); requests still running then are aborted (their sockets
     * closed, their threads interrupted).
     */
    @Override
    public final void close() {
        CountDownLatch loop;
        synchronized (lifecycle) {
            if (closed) {
                return;
            }
            closed = true;
            loop = loopStopped;
            if (servingThread != null) {
                shutdownRequested = true;
            }
        }
        poller.wakeup();
        for (PendingRequest running : inFlight.values()) {
            try {
                running.stopRequested(); // protocols say goodbye; an iterative handler may be what blocks the loop
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, () -> endpoint + ": telling a request to stop failed: " + e);
            }
        }
        boolean onOwnThread = servingThread == Thread.currentThread() || HANDLING.get() == this;
        long deadline = System.nanoTime() + config.shutdownGrace().toNanos();
        if (!onOwnThread) {
            awaitQuietly(loop, deadline);
        }
        closeSocket();
        synchronized (idle) {
            while (inFlight.size() > (HANDLING.get() == this ? 1 : 0) && System.nanoTime() < deadline) {
                try {
                    idle.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        for (Map.Entry<Thread, PendingRequest> running : inFlight.entrySet()) {
            if (running.getKey() != Thread.currentThread()) {
                LOG.log(Level.WARNING, () -> endpoint + ": request from " + running.getValue().client()
                        + " still running after " + config.shutdownGrace() + "; aborting it");
                running.getValue().abort();
                running.getKey().interrupt();
            }
        }
        if (!onOwnThread) {
            awaitQuietly(loop, System.nanoTime() + TimeUnit.SECONDS.toNanos(5)); // an aborted iterative handler returns
        }
        if (pool != null) {
            pool.shutdown();
        }
        if (!onOwnThread) {
            closePoller();
        }
        UnixSocketCleanup.remove(endpoint);
    }

    private static void awaitQuietly(CountDownLatch latch, long deadlineNanos) {
        try {
            latch.await(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Closes the listening or datagram socket; subclasses that share it with other threads guard it. */
    void closeSocket() {
        try {
            socket.close();
        } catch (IOException e) {
            LOG.log(Level.DEBUG, () -> "closing " + endpoint + ": " + e);
        }
    }

    private void closePoller() {
        try {
            poller.close();
        } catch (IOException e) {
            LOG.log(Level.DEBUG, () -> "closing poller of " + endpoint + ": " + e);
        }
    }

    /**
     * Stops watching the socket for {@code millis} ms: accept failed for lack of descriptors and
     * the waiting connection keeps the socket readable. Serving thread only.
     */
    final void pauseAccepting(long millis) {
        try {
            poller.modify(socket, TOKEN, Interest.NONE);
            acceptsResumeAt = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.WARNING, () -> endpoint + ": pausing accepts failed: " + e);
        }
    }

    /** The poll timeout: {@code timeoutNanos}, or less if a paused socket is due to be watched again. */
    private long untilResume(long timeoutNanos) {
        if (acceptsResumeAt == 0) {
            return timeoutNanos;
        }
        long left = Math.max(1, acceptsResumeAt - System.nanoTime());
        return timeoutNanos < 0 ? left : Math.min(timeoutNanos, left);
    }

    private void resumeAcceptingIfDue() {
        if (acceptsResumeAt == 0 || System.nanoTime() - acceptsResumeAt < 0) {
            return;
        }
        acceptsResumeAt = 0;
        try {
            poller.modify(socket, TOKEN, Interest.READABLE);
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.WARNING, () -> endpoint + ": resuming accepts failed: " + e);
        }
    }

    // ---- may be overridden ------------------------------------------------------------------

    /**
     * Whether to serve a request from {@code client}: socketserver's {@code verify_request}.
     * The default applies the configured {@link io.switchboard.access.AccessPolicy}.
     */
    protected boolean verifyRequest(SocketAddress client) {
        return config.access().permits(client);
    }

    /** A handler failed: the default logs a WARNING with the peer's address; the server serves on. */
    protected void handleError(SocketAddress client, Throwable error) {
        LOG.log(Level.WARNING, "request from " + client + " to " + endpoint + " failed: " + error, error);
    }

    /** {@link #handleRequest()} waited its timeout with no request. Default: nothing. */
    protected void handleTimeout() {
    }

    /** Runs once per turn of {@link #serveForever}. Default: nothing. */
    protected void serviceActions() {
    }

    // ---- dispatch -----------------------------------------------------------------------------

    private void handleReadyRequest() throws IOException {
        PendingRequest request;
        try {
            request = receiveRequest();
        } catch (IOException e) {
            stats.error();
            LOG.log(Level.WARNING, () -> endpoint + ": receiving a request failed: " + e);
            return;
        }
        if (request == null) {
            return;
        }
        if (!verifyRequest(request.client())) {
            stats.connectionRefused();
            LOG.log(Level.INFO, () -> endpoint + ": refused " + request.client() + " ("
                    + (config.access().permits(request.client()) ? "verifyRequest said no"
                            : config.access().refusal(request.client())) + ")");
            request.close();
            return;
        }
        switch (config.dispatch()) {
            case Dispatch.Iterative iterative -> runRequest(request);
            case Dispatch.Virtual virtual -> Thread.ofVirtual().name("switchboard-request-" + requestIds.incrementAndGet())
                    .start(() -> runRequest(request));
            case Dispatch.Threads threads -> {
                if (!waitForSlot()) {
                    request.close();
                    return;
                }
                try {
                    pool.execute(() -> {
                        try {
                            runRequest(request);
                        } finally {
                            slots.release();
                        }
                    });
                } catch (RejectedExecutionException e) {
                    slots.release();
                    request.close();
                }
            }
        }
    }

    /** All threads busy: the serving thread waits here (the kernel's backlog holds new connections). */
    private boolean waitForSlot() {
        try {
            while (!slots.tryAcquire(100, TimeUnit.MILLISECONDS)) {
                if (shutdownRequested || closed) {
                    return false;
                }
            }
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private void runRequest(PendingRequest request) {
        Thread me = Thread.currentThread();
        inFlight.put(me, request);
        HANDLING.set(this);
        stats.connectionOpened();
        try {
            request.run();
        } catch (Throwable error) {
            stats.error();
            handleError(request.client(), error);
        } finally {
            HANDLING.remove();
            request.close();
            stats.connectionClosed();
            inFlight.remove(me);
            synchronized (idle) {
                idle.notifyAll();
            }
        }
    }

    /** Runs setup, handle and finish; finish runs even if the others threw, and its own failure is kept. */
    static void runHandler(RequestHandler handler) throws Exception {
        Exception failure = null;
        try {
            handler.setup();
            handler.handle();
        } catch (Exception e) {
            failure = e;
        } finally {
            try {
                handler.finish();
            } catch (Exception e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + endpoint + ", " + config.dispatch() + "]";
    }
}
