package io.switchboard.reactor;

import io.switchboard.endpoint.Endpoint;
import io.switchboard.endpoint.UnixEndpoint;
import io.switchboard.io.AcceptGuard;
import io.switchboard.io.Interest;
import io.switchboard.io.ListenerSocket;
import io.switchboard.io.StreamSocket;
import io.switchboard.io.Token;
import io.switchboard.limits.ConnectionLimits;
import io.switchboard.limits.EmfilePolicy;
import io.switchboard.metrics.TrafficStats;
import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardSocketOptions;
import java.nio.file.Files;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Accepts connections on one listening socket and hands each to the next event loop in turn.
 *
 * <p>Hand-off rather than one SO_REUSEPORT socket per loop: it works the same for Unix sockets
 * and port 0, keeps one accept queue (so one slow loop cannot strand connections the kernel
 * hashed to it), and costs one task hand-off per connection, not per message.
 *
 * <p>When accept fails for lack of descriptors (EMFILE/ENFILE) an {@link AcceptGuard} keeps the
 * loop from spinning on a listener that stays readable: by {@link EmfilePolicy#PAUSE} it stops
 * watching the listener for 100 ms, by {@link EmfilePolicy#RESERVE} it sheds the waiting
 * connections with a spare descriptor ({@link ConnectionLimits#onEmfile()}); either way accepting
 * resumes by itself once descriptors free up.
 */
final class Acceptor implements Listener, Handler {

    private static final Logger LOG = System.getLogger(Acceptor.class.getName());
    private static final int MAX_ACCEPTS_PER_EVENT = 64;

    private final Reactor reactor;
    private final Loop loop;
    private final ListenerSocket socket;
    private final ProtocolFactory factory;
    private final TrafficStats stats;
    private final Endpoint endpoint;
    private final Token token;
    private final CompletableFuture<Void> closedFuture = new CompletableFuture<>();
    private final ConnectionLimits limits;
    private final AtomicInteger open = new AtomicInteger();
    private final AcceptGuard guard;
    private final ConcurrentHashMap<InetAddress, AtomicInteger> perAddress = new ConcurrentHashMap<>();
    private long lastRefusalLog;
    private long refusedSinceLog;
    private boolean closed;

    Acceptor(Reactor reactor, Loop loop, ListenerSocket socket, ProtocolFactory factory, TrafficStats stats,
            Endpoint endpoint, ConnectionLimits limits) {
        this.limits = limits;
        this.reactor = reactor;
        this.loop = loop;
        this.socket = socket;
        this.factory = factory;
        this.stats = stats;
        this.endpoint = endpoint;
        this.token = loop.reserveToken();
        this.guard = limits.onEmfile() == EmfilePolicy.RESERVE ? AcceptGuard.reserving(endpoint.toString())
                : AcceptGuard.pausing(endpoint.toString());
    }

    void start() throws IOException {
        try {
            loop.register(socket, this, Interest.READABLE);
        } catch (IOException | RuntimeException e) {
            guard.close();
            throw e;
        }
    }

    @Override
    public Token token() {
        return token;
    }

    @Override
    public void ready(int flags) {
        for (int i = 0; i < MAX_ACCEPTS_PER_EVENT && !closed; i++) {
            StreamSocket accepted;
            try {
                accepted = socket.accept();
            } catch (IOException e) {
                if (acceptFailed(e)) {
                    break; // the waiting connections were shed: whatever came since is for the next turn
                }
                return;
            }
            if (accepted == null) {
                return;
            }
            guard.accepted();
            SocketAddress remote = remoteOf(accepted);
            if (!limits.access().permits(remote)) {
                refuse(accepted, remote, limits.access().refusal(remote));
                continue;
            }
            InetAddress address = remote instanceof InetSocketAddress inet ? inet.getAddress() : null;
            String refusal = admit(address);
            if (refusal != null) {
                refuse(accepted, remote, refusal);
                continue;
            }
            Runnable release = () -> release(address);
            Loop target = reactor.nextLoopInternal();
            target.run(() -> adopt(target, accepted, remote, release));
        }
        if (loop.edgeTriggered() && !closed) {
            loop.offer(() -> ready(0)); // more may wait; an edge-triggered poller will not say so again
        }
    }

    /** Accept failed: returns whether accepting may carry on now (descriptors were shed). */
    private boolean acceptFailed(IOException e) {
        stats.error();
        AcceptGuard.Exhausted exhausted = guard.acceptFailed(e, socket, open.get()).orElse(null);
        if (exhausted == null) {
            LOG.log(Level.WARNING, () -> "accept on " + endpoint + " failed: " + e.getMessage());
            return false;
        }
        for (int i = 0; i < exhausted.shed(); i++) {
            stats.connectionRefused();
        }
        if (exhausted.carryOn()) {
            return true;
        }
        setInterest(Interest.NONE);
        loop.schedule(Duration.ofMillis(exhausted.pauseMillis()), () -> {
            setInterest(Interest.READABLE);
            if (loop.edgeTriggered() && !closed) {
                ready(0); // re-arming may raise no edge for connections that waited all along
            }
        });
        return false;
    }

    private void setInterest(Interest interest) {
        if (closed) {
            return;
        }
        try {
            loop.modify(socket, this, interest);
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.WARNING, () -> "listener " + endpoint + ": " + e);
        }
    }

    private static SocketAddress remoteOf(StreamSocket accepted) {
        try {
            return accepted.remoteAddress();
        } catch (IOException e) {
            return null;
        }
    }

    /** Counts the connection in, or says which limit refuses it. Acceptor's loop thread. */
    private String admit(InetAddress address) {
        if (open.get() >= limits.maxConnections()) {
            return open.get() + " connections open, the limit (maxConnections) is " + limits.maxConnections();
        }
        if (address != null) {
            AtomicInteger count = perAddress.computeIfAbsent(address, a -> new AtomicInteger());
            if (count.get() >= limits.maxConnectionsPerAddress()) {
                return count.get() + " connections open from " + address.getHostAddress()
                        + ", the limit (maxConnectionsPerAddress) is " + limits.maxConnectionsPerAddress();
            }
            count.incrementAndGet();
        }
        open.incrementAndGet();
        return null;
    }

    /** A connection counted in by {@link #admit} closed. Any loop thread. */
    private void release(InetAddress address) {
        open.decrementAndGet();
        if (address != null) {
            perAddress.computeIfPresent(address, (a, count) -> count.decrementAndGet() <= 0 ? null : count);
        }
    }

    /** Closes a connection a limit refused: counted, and logged at most once a second with the tally. */
    private void refuse(StreamSocket accepted, SocketAddress remote, String why) {
        stats.connectionRefused(); // counted before the peer can see the close
        closeQuietly(accepted);
        refusedSinceLog++;
        long now = System.nanoTime();
        if (now - lastRefusalLog >= 1_000_000_000L || lastRefusalLog == 0) {
            long tally = refusedSinceLog;
            refusedSinceLog = 0;
            lastRefusalLog = now;
            LOG.log(Level.WARNING, () -> endpoint + ": refused " + remote + ": " + why
                    + (tally > 1 ? " (" + tally + " refused since the last report)" : ""));
        }
    }

    /** On the target loop: build the protocol and start the connection. */
    private void adopt(Loop target, StreamSocket accepted, SocketAddress remote, Runnable release) {
        if (target.isStopping()) {
            release.run();
            closeQuietly(accepted);
            return;
        }
        try {
            accepted.setOption(StandardSocketOptions.TCP_NODELAY, true);
        } catch (IOException e) {
            release.run();
            closeQuietly(accepted);
            return;
        }
        Protocol protocol;
        try {
            protocol = factory.buildProtocol(remote);
        } catch (RuntimeException e) {
            LOG.log(Level.ERROR, "protocol factory for " + endpoint + " failed for " + remote, e);
            stats.error();
            release.run();
            closeQuietly(accepted);
            return;
        }
        if (protocol == null) {
            stats.connectionRefused();
            LOG.log(Level.DEBUG, () -> endpoint + ": refused " + remote + " (the factory returned no protocol)");
            release.run();
            closeQuietly(accepted);
            return;
        }
        Connection connection = new Connection(target, accepted, protocol, stats, limits, release);
        try {
            connection.startAccepted();
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.WARNING, () -> endpoint + ": could not start connection from " + remote + ": " + e);
            release.run();
            closeQuietly(accepted);
        }
    }

    private static void closeQuietly(StreamSocket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // nothing left to do with it
        }
    }

    @Override
    public void stopRequested() {
        closeOnLoop();
    }

    @Override
    public void forceClose(CloseReason reason) {
        closeOnLoop();
    }

    private void closeOnLoop() {
        if (closed) {
            return;
        }
        closed = true;
        loop.unregister(socket, this);
        guard.close();
        try {
            socket.close();
        } catch (IOException e) {
            LOG.log(Level.DEBUG, () -> "closing listener " + endpoint + ": " + e);
        }
        if (endpoint instanceof UnixEndpoint unix) {
            try {
                Files.deleteIfExists(unix.path());
            } catch (IOException e) {
                LOG.log(Level.DEBUG, () -> "removing " + unix.path() + ": " + e);
            }
        }
        reactor.forget(this);
        closedFuture.complete(null);
    }

    @Override
    public Endpoint endpoint() {
        return endpoint;
    }

    @Override
    public TrafficStats stats() {
        return stats;
    }

    @Override
    public void close() {
        if (loop.inEventLoop()) {
            closeOnLoop();
            return;
        }
        if (!loop.offer(this::closeOnLoop) || reactor.inAnyLoop()) {
            return; // stopped already, or called on another loop, which must not block: it closes soon
        }
        try {
            closedFuture.get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.log(Level.DEBUG, () -> "waiting for listener " + endpoint + " to close: " + e);
        }
    }

    @Override
    public String toString() {
        return "Listener[" + endpoint + "]";
    }
}
