package io.switchboard.server;

import io.switchboard.reactor.CloseReason;
import io.switchboard.reactor.Protocol;
import io.switchboard.reactor.ProtocolFactory;
import java.io.IOException;
import java.io.InputStream;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * Runs a reactor {@link Protocol} on a blocking connection, so a service written once as a
 * protocol runs under every model: {@code connectionMade}, then {@code dataReceived} for each
 * chunk read, {@code readEnded} at the peer's end of stream, {@code connectionLost} last. Every
 * callback — and every task or timer on the transport's event loop — runs under one lock per
 * connection, so a protocol never sees two calls at once, exactly as on a reactor loop.
 *
 * <p>A graceful close sends FIN and keeps reading (and discarding) until the peer's end of stream
 * or two seconds, so the last reply is not lost to a reset. When the server closes,
 * {@code stopRequested} lets the protocol say goodbye.
 *
 * <p>Thread-safety: one handler per connection, run by one thread.
 */
public final class ProtocolHandler extends StreamRequestHandler {

    private static final Logger LOG = System.getLogger(ProtocolHandler.class.getName());
    private static final long LINGER_NANOS = 2_000_000_000L;

    private final ProtocolFactory factory;
    private final ReentrantLock lock = new ReentrantLock();
    private volatile Protocol protocol;
    private volatile BlockingTransport transport;

    /** A handler whose connection is served by a protocol from {@code factory}. */
    public ProtocolHandler(ProtocolFactory factory) {
        this.factory = factory;
    }

    /** Handlers for a stream server: {@code new TcpServer(endpoint, ProtocolHandler.of(factory), config)}. */
    public static Supplier<ProtocolHandler> of(ProtocolFactory factory) {
        return () -> new ProtocolHandler(factory);
    }

    @Override
    public void handle() throws IOException {
        Protocol made = factory.buildProtocol(clientAddress());
        if (made == null) {
            server().stats().connectionRefused();
            return;
        }
        protocol = made;
        BlockingTransport t = new BlockingTransport(new CountingOutputStream(wfile(), server().stats()), ends(), lock,
                serverAddress(), clientAddress());
        transport = t;
        CloseReason reason = new CloseReason.Clean();
        try {
            locked(() -> made.connectionMade(t));
            reason = readLoop(made, t, rfile());
        } catch (SocketTimeoutException e) {
            reason = new CloseReason.TimedOut("read: no bytes for " + server().config().readTimeout());
        } catch (IOException e) {
            reason = t.closing() ? new CloseReason.Clean()
                    : t.isOpen() ? new CloseReason.Lost(e) : new CloseReason.Aborted("connection closed");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            reason = new CloseReason.Aborted("server stopped");
        } catch (RuntimeException e) {
            LOG.log(Level.ERROR, "[c" + t.id() + "] " + clientAddress() + ": protocol " + made.getClass().getName()
                    + " threw; closing this connection", e);
            reason = new CloseReason.Failed(e);
            t.closeNow(true);
        } finally {
            if (t.overload() != null) {
                reason = t.overload();
            } else if (t.writeFailure() != null && reason instanceof CloseReason.Clean) {
                reason = new CloseReason.Lost(t.writeFailure());
            }
            t.closeNow(false);
            CloseReason lost = reason;
            locked(() -> made.connectionLost(lost));
        }
    }

    private CloseReason readLoop(Protocol made, BlockingTransport t, InputStream in)
            throws IOException, InterruptedException {
        byte[] chunk = new byte[16 * 1024];
        ByteBuffer view = ByteBuffer.wrap(chunk);
        long lingerUntil = 0;
        long requestNanos = server().config().requestTimeout().toNanos();
        long unfinished = 0;
        long unfinishedSince = 0;
        while (t.isOpen()) {
            t.awaitReadable();
            if (t.closing() && lingerUntil == 0) {
                lingerUntil = System.nanoTime() + LINGER_NANOS;
            }
            if (lingerUntil != 0 && System.nanoTime() - lingerUntil > 0) {
                return new CloseReason.Clean();
            }
            int n = in.read(chunk);
            if (n < 0) {
                if (t.closing()) {
                    return new CloseReason.Clean();
                }
                locked(() -> made.readEnded(t));
                t.awaitClosing();
                return new CloseReason.Clean();
            }
            if (t.closing()) {
                continue; // lingering: the protocol already said goodbye
            }
            server().stats().bytesRead(n);
            server().stats().messageReceived();
            view.clear().limit(n);
            locked(() -> made.dataReceived(view));
            if (requestNanos > 0) { // the slowloris guard, as the reactor's but checked as reads return
                long message;
                lock.lock(); // the protocol's state: read as its callbacks are run, one at a time
                try {
                    message = made.unfinishedMessage();
                } finally {
                    lock.unlock();
                }
                long now = System.nanoTime();
                if (message == 0 || message != unfinished) {
                    unfinished = message;
                    unfinishedSince = now;
                } else if (now - unfinishedSince >= requestNanos) {
                    CloseReason.TimedOut cut = new CloseReason.TimedOut("request: a message started "
                            + Duration.ofNanos(now - unfinishedSince).toSeconds() + " s ago is still unfinished (limit "
                            + Duration.ofNanos(requestNanos) + "; a slowloris peer?)");
                    LOG.log(Level.INFO, () -> "[c" + t.id() + "] " + clientAddress() + ": closing, " + cut.describe());
                    server().stats().connectionTimedOut();
                    t.closeNow(true);
                    return cut;
                }
            }
        }
        return new CloseReason.Clean();
    }

    /**
     * Nothing to flush once the transport has closed the connection: every write was flushed as it
     * was made, and a flush now would only report the closed socket as a failed request.
     */
    @Override
    public void finish() throws IOException {
        BlockingTransport t = transport;
        if (t == null || t.isOpen()) {
            super.finish();
        }
    }

    @Override
    public void serverStopping() {
        Protocol current = protocol;
        BlockingTransport t = transport;
        if (current != null && t != null && t.isOpen() && !t.closing()) {
            t.loop().runLocked(() -> current.stopRequested(t));
        }
    }

    private void locked(Runnable callback) {
        lock.lock();
        try {
            callback.run();
        } finally {
            lock.unlock();
        }
    }
}
