package io.switchboard.reactor;

import io.switchboard.endpoint.Endpoint;
import io.switchboard.io.Backend;
import io.switchboard.io.Backends;
import io.switchboard.io.DatagramSocket;
import io.switchboard.io.ListenOptions;
import io.switchboard.io.ListenerSocket;
import io.switchboard.io.Poller;
import io.switchboard.io.StreamSocket;
import io.switchboard.limits.ConnectionLimits;
import io.switchboard.metrics.TrafficStats;
import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * N event loops over one {@link Backend}: listens, binds datagram sockets, connects, runs timers.
 * Twisted's reactor, multi-threaded the way Netty's event loop group is.
 *
 * <pre>{@code
 * try (Reactor reactor = Reactor.create()) {
 *     Listener echo = reactor.listen(Endpoint.parse("tcp://127.0.0.1:7777"), remote -> new EchoProtocol());
 *     ...
 *     reactor.shutdown(Duration.ofSeconds(2));
 * }
 * }</pre>
 *
 * <p>Each connection lives on one loop for its whole life, so its protocol's callbacks never run
 * concurrently. Accepted connections are spread over the loops in turn.
 *
 * <p>Stopping: {@link #shutdown(Duration)} stops accepting, asks every protocol to say goodbye
 * ({@link Protocol#stopRequested}), waits up to the grace period for connections to close, then
 * aborts the rest. {@link #close()} is a shutdown with no grace.
 *
 * <p>Thread-safety: every method is safe from any thread.
 */
public final class Reactor implements AutoCloseable {

    private static final Logger LOG = System.getLogger(Reactor.class.getName());

    private final Backend backend;
    private final TransportConfig config;
    private final List<Loop> loops;
    private final AtomicInteger next = new AtomicInteger();
    private final Set<Object> endpoints = ConcurrentHashMap.newKeySet();
    private final TrafficStats clientStats = new TrafficStats();
    private final Object stopLock = new Object();
    private boolean stopped;

    private Reactor(Builder builder) throws IOException {
        this.backend = builder.backend != null ? builder.backend : Backends.defaultBackend();
        this.config = builder.config;
        List<Loop> made = new ArrayList<>();
        try {
            for (int i = 0; i < builder.loops; i++) {
                Poller poller = backend.openPoller();
                made.add(new Loop(builder.name + "-loop-" + i, poller, config));
            }
        } catch (IOException | RuntimeException e) {
            for (Loop loop : made) {
                loop.beginStop(System.nanoTime());
                loop.start();
            }
            throw e;
        }
        this.loops = List.copyOf(made);
        loops.forEach(Loop::start);
    }

    /** A reactor with one loop per available processor on the default backend. */
    public static Reactor create() {
        return builder().build();
    }

    /** A builder with the defaults: one loop per processor, the default backend, {@link TransportConfig#DEFAULTS}. */
    public static Builder builder() {
        return new Builder();
    }

    // ---- serving ----------------------------------------------------------------------------

    /**
     * A {@code tls://} endpoint promises TLS, which the reactor's transports do not speak by
     * themselves: the caller wraps its protocol ({@code io.switchboard.tls.TlsProtocols}) and
     * passes the plain {@code tcp://} endpoint, so nothing serves plaintext on a TLS address.
     */
    private static void refusePlaintextOnTls(Endpoint endpoint, String operation) {
        if (endpoint instanceof io.switchboard.endpoint.TcpEndpoint tcp && tcp.tls()) {
            throw new IllegalArgumentException(operation + " " + endpoint + ": the reactor carries plaintext; wrap the"
                    + " protocol with TlsProtocols and " + operation + " on " + tcp.withTls(false));
        }
    }

    /** Listens on a stream endpoint; each connection gets a protocol from {@code factory}. */
    public Listener listen(Endpoint endpoint, ProtocolFactory factory) throws IOException {
        return listen(endpoint, factory, new TrafficStats());
    }

    /**
     * Listens on a stream endpoint (TCP or Unix stream), counting into {@code stats}. Returns once
     * the socket is bound and accepting.
     *
     * @throws java.net.BindException naming the endpoint when the address is in use
     */
    public Listener listen(Endpoint endpoint, ProtocolFactory factory, TrafficStats stats) throws IOException {
        return listen(endpoint, factory, stats, ConnectionLimits.DEFAULTS);
    }

    /**
     * Listens on a stream endpoint with explicit connection limits: caps in total and per address
     * (refused connections are closed at once, counted and logged), idle and write timeouts.
     */
    public Listener listen(Endpoint endpoint, ProtocolFactory factory, TrafficStats stats, ConnectionLimits limits)
            throws IOException {
        return listen(endpoint, factory, stats, limits, ListenOptions.DEFAULTS);
    }

    /** Listens with explicit socket options too: backlog, SO_REUSEADDR, SO_REUSEPORT (worker processes sharing a port). */
    public Listener listen(Endpoint endpoint, ProtocolFactory factory, TrafficStats stats, ConnectionLimits limits,
            ListenOptions options) throws IOException {
        Objects.requireNonNull(factory, "factory");
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(stats, "stats");
        refusePlaintextOnTls(endpoint, "listen");
        ensureRunning();
        ListenerSocket socket = backend.listen(endpoint, options);
        Endpoint bound = Endpoint.of(socket.localAddress(), true);
        Loop owner = nextLoopInternal();
        Acceptor acceptor = new OnLoopRegistration(owner).start(() -> {
            Acceptor made = new Acceptor(this, owner, socket, factory, stats, bound, limits);
            made.start();
            return made;
        }, socket);
        endpoints.add(acceptor);
        LOG.log(Level.DEBUG, () -> "listening on " + bound);
        return acceptor;
    }

    /** Binds a datagram endpoint (UDP; Unix datagram on backends that have it). */
    public DatagramTransport bindDatagram(Endpoint endpoint, DatagramProtocol protocol) throws IOException {
        return bindDatagram(endpoint, protocol, new TrafficStats());
    }

    /** Binds a datagram endpoint, counting into {@code stats}; returns once it is receiving. */
    public DatagramTransport bindDatagram(Endpoint endpoint, DatagramProtocol protocol, TrafficStats stats)
            throws IOException {
        return bindDatagram(endpoint, protocol, stats, ListenOptions.DEFAULTS);
    }

    /** Binds a datagram endpoint with explicit socket options (SO_REUSEPORT for worker processes). */
    public DatagramTransport bindDatagram(Endpoint endpoint, DatagramProtocol protocol, TrafficStats stats,
            ListenOptions options) throws IOException {
        return bindDatagram(endpoint, protocol, stats, options, io.switchboard.access.AccessPolicy.OPEN);
    }

    /**
     * Binds a datagram endpoint that drops datagrams from senders {@code access} refuses (counted as
     * refused, logged at most once a second): socketserver's {@code verify_request}, per datagram.
     */
    public DatagramTransport bindDatagram(Endpoint endpoint, DatagramProtocol protocol, TrafficStats stats,
            ListenOptions options, io.switchboard.access.AccessPolicy access) throws IOException {
        Objects.requireNonNull(protocol, "protocol");
        Objects.requireNonNull(access, "access");
        ensureRunning();
        DatagramSocket socket = backend.bindDatagram(endpoint, options);
        Endpoint bound = Endpoint.of(socket.localAddress(), false);
        Loop owner = nextLoopInternal();
        DatagramBinding[] holder = new DatagramBinding[1];
        DatagramBinding binding = new OnLoopRegistration(owner).start(() -> {
            DatagramBinding made = new DatagramBinding(owner, socket, protocol, stats, bound, access,
                    () -> endpoints.remove(holder[0]), this::inAnyLoop);
            holder[0] = made;
            made.start();
            return made;
        }, socket);
        endpoints.add(binding);
        return binding;
    }

    /** Connects to a stream endpoint with a 30 s connect timeout; see {@link #connect(Endpoint, Protocol, Duration)}. */
    public CompletableFuture<Transport> connect(Endpoint endpoint, Protocol protocol) {
        return connect(endpoint, protocol, Duration.ofSeconds(30));
    }

    /**
     * Connects to a stream endpoint. The future completes with the transport after
     * {@code protocol.connectionMade}, or fails with the connect's error (the protocol then sees
     * no callback at all).
     */
    public CompletableFuture<Transport> connect(Endpoint endpoint, Protocol protocol, Duration timeout) {
        Objects.requireNonNull(protocol, "protocol");
        CompletableFuture<Transport> future = new CompletableFuture<>();
        StreamSocket socket;
        try {
            refusePlaintextOnTls(endpoint, "connect");
            ensureRunning();
            socket = backend.connect(endpoint);
        } catch (IOException | RuntimeException e) {
            future.completeExceptionally(e);
            return future;
        }
        Loop loop = nextLoopInternal();
        boolean queued = loop.offer(() -> {
            Connection connection = new Connection(loop, socket, protocol, clientStats);
            try {
                connection.startConnecting(future, timeout);
            } catch (IOException | RuntimeException e) {
                closeQuietly(socket);
                future.completeExceptionally(e);
            }
        });
        if (!queued) {
            closeQuietly(socket);
            future.completeExceptionally(new IOException("reactor is stopped"));
        }
        return future;
    }

    /** Counters of outbound connections made with {@link #connect}. */
    public TrafficStats clientStats() {
        return clientStats;
    }

    // ---- timers and loops -------------------------------------------------------------------

    /** Runs {@code task} once after {@code delay} on one of the loops. */
    public Timer schedule(Duration delay, Runnable task) {
        return nextLoopInternal().schedule(delay, task);
    }

    /** Runs {@code task} every {@code period} on one of the loops. */
    public Timer every(Duration period, Runnable task) {
        return nextLoopInternal().every(period, task);
    }

    /** The next loop in turn, for work that should run on a loop thread. */
    public EventLoop nextLoop() {
        return nextLoopInternal();
    }

    Loop nextLoopInternal() {
        return loops.get(Math.floorMod(next.getAndIncrement(), loops.size()));
    }

    /** The loops, in creation order. */
    public List<EventLoop> loops() {
        return List.copyOf(loops);
    }

    /** The backend the loops poll with. */
    public Backend backend() {
        return backend;
    }

    /** The per-connection limits. */
    public TransportConfig transportConfig() {
        return config;
    }

    /** Whether the calling thread is one of this reactor's loops (which must never block on another). */
    boolean inAnyLoop() {
        for (Loop loop : loops) {
            if (loop.inEventLoop()) {
                return true;
            }
        }
        return false;
    }

    void forget(Object endpoint) {
        endpoints.remove(endpoint);
    }

    // ---- stopping ---------------------------------------------------------------------------

    /**
     * Stops gracefully and waits: stops accepting, asks every protocol to finish
     * ({@link Protocol#stopRequested}), waits up to {@code grace} for connections to close, aborts
     * the rest. Calling it again (or from a loop thread) does not wait twice.
     *
     * @return {@code true} if every connection closed within the grace period
     */
    public boolean shutdown(Duration grace) {
        long deadline = System.nanoTime() + Math.max(0, grace.toNanos());
        synchronized (stopLock) {
            stopped = true;
        }
        for (Object endpoint : List.copyOf(endpoints)) {
            if (endpoint instanceof AutoCloseable closeable) {
                try {
                    closeable.close();
                } catch (Exception e) {
                    LOG.log(Level.DEBUG, () -> "closing " + endpoint + ": " + e);
                }
            }
        }
        for (Loop loop : loops) {
            loop.beginStop(deadline);
        }
        if (inAnyLoop()) {
            return false; // a loop cannot wait for itself; it stops after this task returns
        }
        boolean clean = true;
        for (Loop loop : loops) {
            long left = deadline - System.nanoTime();
            try {
                loop.terminated().get(Math.max(0, left) + TimeUnit.SECONDS.toNanos(1), TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                clean = false;
                LOG.log(Level.WARNING, () -> loop.name() + " did not stop in time");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            } catch (ExecutionException e) {
                clean = false;
            }
        }
        return clean && System.nanoTime() - deadline <= 0;
    }

    /** Stops now: like {@link #shutdown} with no grace; connections are aborted. */
    @Override
    public void close() {
        shutdown(Duration.ZERO);
    }

    private void ensureRunning() throws IOException {
        synchronized (stopLock) {
            if (stopped) {
                throw new IOException("reactor is stopped");
            }
        }
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception ignored) {
            // already failing
        }
    }

    /** Runs a registration on its loop and waits for it, so {@code listen} returns only once accepting. */
    private record OnLoopRegistration(Loop loop) {

        interface Start<T> {
            T run() throws IOException;
        }

        <T> T start(Start<T> start, AutoCloseable socket) throws IOException {
            CompletableFuture<T> done = new CompletableFuture<>();
            Runnable task = () -> {
                try {
                    done.complete(start.run());
                } catch (Throwable t) {
                    done.completeExceptionally(t);
                }
            };
            if (loop.inEventLoop()) {
                task.run();
            } else if (!loop.offer(task)) {
                closeQuietly(socket);
                throw new IOException("reactor is stopped");
            }
            try {
                return done.get(10, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                closeQuietly(socket);
                if (e.getCause() instanceof IOException io) {
                    throw io;
                }
                throw new IOException("registering " + socket + " failed: " + e.getCause(), e.getCause());
            } catch (TimeoutException | InterruptedException e) {
                closeQuietly(socket);
                if (e instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                }
                throw new IOException("registering " + socket + " with " + loop.name() + " timed out", e);
            }
        }
    }

    /**
     * Configures a {@link Reactor}. Not thread-safe; build on one thread.
     */
    public static final class Builder {

        private int loops = Runtime.getRuntime().availableProcessors();
        private Backend backend;
        private TransportConfig config = TransportConfig.DEFAULTS;
        private String name = "switchboard";

        private Builder() {
        }

        /** How many event loops (threads); default one per available processor. */
        public Builder loops(int n) {
            if (n <= 0) {
                throw new IllegalArgumentException("loops: " + n + " (expected: > 0)");
            }
            this.loops = n;
            return this;
        }

        /** The backend to poll with; default {@link Backends#defaultBackend()}. */
        public Builder backend(Backend backend) {
            this.backend = Objects.requireNonNull(backend, "backend");
            return this;
        }

        /** Per-connection limits; default {@link TransportConfig#DEFAULTS}. */
        public Builder transportConfig(TransportConfig config) {
            this.config = Objects.requireNonNull(config, "config");
            return this;
        }

        /** The prefix of loop thread names; default {@code switchboard}. */
        public Builder name(String name) {
            this.name = Objects.requireNonNull(name, "name");
            return this;
        }

        /**
         * Opens the pollers and starts the loops.
         *
         * @throws java.io.UncheckedIOException if a poller cannot be opened
         */
        public Reactor build() {
            try {
                return new Reactor(this);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException("cannot start reactor: " + e.getMessage(), e);
            }
        }
    }
}
