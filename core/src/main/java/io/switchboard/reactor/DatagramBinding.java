package io.switchboard.reactor;

import io.switchboard.endpoint.Endpoint;
import io.switchboard.endpoint.UnixDatagramEndpoint;
import io.switchboard.io.DatagramSocket;
import io.switchboard.io.Events;
import io.switchboard.io.Interest;
import io.switchboard.io.Token;
import io.switchboard.metrics.TrafficStats;
import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A bound datagram socket on an event loop: the {@link DatagramTransport} its protocol sends with.
 *
 * <p>Datagrams that find the send buffer full wait in a queue of at most {@link #MAX_QUEUED}
 * datagrams; past that they are dropped and counted, with a WARNING for the first drop of a burst.
 * A protocol that throws is logged and the socket keeps serving other senders.
 */
final class DatagramBinding implements DatagramTransport, Handler {

    private static final Logger LOG = System.getLogger(DatagramBinding.class.getName());
    static final int MAX_QUEUED = 1024;
    private static final int MAX_RECEIVES_PER_EVENT = 64;

    private record Outgoing(ByteBuffer data, SocketAddress target) {
    }

    private final Loop loop;
    private final DatagramSocket socket;
    private final DatagramProtocol protocol;
    private final TrafficStats stats;
    private final Endpoint endpoint;
    private final SocketAddress localAddress;
    private final Token token;
    private final ArrayDeque<Outgoing> queue = new ArrayDeque<>();
    private final AtomicLong dropped = new AtomicLong();
    private final CompletableFuture<Void> closedFuture = new CompletableFuture<>();
    private final Runnable onClose;
    private final java.util.function.BooleanSupplier callerIsALoop;
    private final io.switchboard.access.AccessPolicy access;
    private long refusedSinceLog;
    private long lastRefusalLog;
    private boolean writeInterest;
    private boolean closed;

    DatagramBinding(Loop loop, DatagramSocket socket, DatagramProtocol protocol, TrafficStats stats, Endpoint endpoint,
            io.switchboard.access.AccessPolicy access, Runnable onClose, java.util.function.BooleanSupplier callerIsALoop)
            throws IOException {
        this.loop = loop;
        this.access = access;
        this.socket = socket;
        this.protocol = protocol;
        this.stats = stats;
        this.endpoint = endpoint;
        this.onClose = onClose;
        this.callerIsALoop = callerIsALoop;
        this.localAddress = socket.localAddress();
        this.token = loop.reserveToken();
    }

    void start() throws IOException {
        loop.register(socket, this, Interest.READABLE);
        try {
            protocol.started(this);
        } catch (RuntimeException e) {
            LOG.log(Level.ERROR, "datagram protocol for " + endpoint + " failed in started()", e);
        }
    }

    /** A datagram from a sender the access policy refuses: dropped, counted, logged at most once a second. */
    private void refused(SocketAddress sender) {
        stats.connectionRefused();
        refusedSinceLog++;
        long now = loop.now();
        if (now - lastRefusalLog >= 1_000_000_000L || lastRefusalLog == 0) {
            long tally = refusedSinceLog;
            refusedSinceLog = 0;
            lastRefusalLog = now;
            LOG.log(Level.WARNING, () -> endpoint + ": dropped a datagram from " + sender + ": " + access.refusal(sender)
                    + (tally > 1 ? " (" + tally + " dropped since the last report)" : ""));
        }
    }

    @Override
    public Token token() {
        return token;
    }

    @Override
    public void ready(int flags) {
        if ((flags & (Events.READABLE | Events.ERROR | Events.HANGUP)) != 0) {
            receive();
        }
        if (!closed && (flags & Events.WRITABLE) != 0) {
            flush();
        }
    }

    private void receive() {
        ByteBuffer buffer = loop.readBuffer();
        for (int i = 0; i < MAX_RECEIVES_PER_EVENT && !closed; i++) {
            buffer.clear();
            SocketAddress sender;
            try {
                sender = socket.receive(buffer);
            } catch (IOException e) {
                stats.error(); // e.g. ICMP port unreachable surfaced on a later receive; keep serving
                LOG.log(Level.DEBUG, () -> endpoint + ": receive failed: " + e);
                continue;
            }
            if (sender == null) {
                return;
            }
            buffer.flip();
            if (!access.permits(sender)) {
                refused(sender);
                continue;
            }
            stats.bytesRead(buffer.remaining());
            stats.messageReceived();
            try {
                protocol.datagramReceived(buffer, sender);
            } catch (RuntimeException e) {
                stats.error();
                LOG.log(Level.ERROR, endpoint + ": datagram protocol failed on a datagram from " + sender
                        + "; serving on", e);
            }
        }
        if (loop.edgeTriggered() && !closed) {
            loop.offer(this::receive);
        }
    }

    @Override
    public void send(ByteBuffer data, SocketAddress target) {
        if (loop.inEventLoop()) {
            sendOnLoop(data, target);
            return;
        }
        ByteBuffer copy = ByteBuffer.allocate(data.remaining());
        copy.put(data).flip();
        if (!loop.offer(() -> sendOnLoop(copy, target))) {
            drop(target);
        }
    }

    private void sendOnLoop(ByteBuffer data, SocketAddress target) {
        if (closed) {
            data.position(data.limit());
            return;
        }
        int size = data.remaining();
        if (queue.isEmpty()) {
            try {
                if (socket.send(data, target) > 0) {
                    stats.bytesWritten(size);
                    return;
                }
            } catch (IOException e) {
                stats.error();
                LOG.log(Level.DEBUG, () -> endpoint + ": send to " + target + " failed: " + e);
                data.position(data.limit());
                return;
            }
        }
        if (queue.size() >= MAX_QUEUED) {
            data.position(data.limit());
            drop(target);
            return;
        }
        ByteBuffer copy = ByteBuffer.allocate(size);
        copy.put(data).flip();
        queue.add(new Outgoing(copy, target));
        setWriteInterest(true);
    }

    private void drop(SocketAddress target) {
        if (dropped.getAndIncrement() % 1000 == 0) {
            LOG.log(Level.WARNING, () -> endpoint + ": send queue full (" + MAX_QUEUED + " datagrams); dropped a"
                    + " datagram to " + target + " (" + dropped.get() + " dropped so far)");
        }
    }

    private void flush() {
        while (!queue.isEmpty()) {
            Outgoing next = queue.peekFirst();
            int size = next.data().remaining();
            try {
                if (socket.send(next.data(), next.target()) == 0) {
                    return;
                }
                stats.bytesWritten(size);
            } catch (IOException e) {
                stats.error();
                LOG.log(Level.DEBUG, () -> endpoint + ": send to " + next.target() + " failed: " + e);
            }
            queue.pollFirst();
        }
        setWriteInterest(false);
    }

    private void setWriteInterest(boolean on) {
        if (on == writeInterest || closed) {
            return;
        }
        try {
            loop.modify(socket, this, Interest.of(true, on));
            writeInterest = on;
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.WARNING, () -> endpoint + ": " + e);
        }
    }

    @Override
    public SocketAddress localAddress() {
        return localAddress;
    }

    @Override
    public long droppedDatagrams() {
        return dropped.get();
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
        flush(); // replies already accepted go out if the buffer takes them
        closed = true;
        loop.unregister(socket, this);
        try {
            socket.close();
        } catch (IOException e) {
            LOG.log(Level.DEBUG, () -> "closing " + endpoint + ": " + e);
        }
        if (endpoint instanceof UnixDatagramEndpoint unix) {
            try {
                Files.deleteIfExists(unix.path());
            } catch (IOException e) {
                LOG.log(Level.DEBUG, () -> "removing " + unix.path() + ": " + e);
            }
        }
        try {
            protocol.stopped();
        } catch (RuntimeException e) {
            LOG.log(Level.ERROR, "datagram protocol for " + endpoint + " failed in stopped()", e);
        }
        onClose.run();
        closedFuture.complete(null);
    }

    @Override
    public void close() {
        if (loop.inEventLoop()) {
            closeOnLoop();
            return;
        }
        if (!loop.offer(this::closeOnLoop) || callerIsALoop.getAsBoolean()) {
            return; // stopped already, or called on another loop, which must not block: it closes soon
        }
        try {
            closedFuture.get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.log(Level.DEBUG, () -> "waiting for " + endpoint + " to close: " + e);
        }
    }

    @Override
    public String toString() {
        return "DatagramTransport[" + endpoint + "]";
    }
}
