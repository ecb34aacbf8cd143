package io.switchboard.tls;

import java.io.IOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.net.ssl.SSLSocket;

/**
 * TLS for thread-per-connection servers: the JDK's {@link SSLSocket}, layered server-side over an
 * accepted TCP socket already in blocking mode, with deadlines that hold however the peer behaves.
 *
 * <pre>
 *   accepted Socket ─▶ SSLSocketFactory.createSocket(accepted, null, autoClose) ─▶ handshake ≤ timeout ─▶ handler streams
 * </pre>
 *
 * <p>A read timeout alone would not bound a handshake: a peer sending one byte just before each
 * read times out could stretch it forever. So a shared watchdog closes the accepted socket when
 * the whole handshake has not finished within {@link TlsConfig#handshakeTimeout()}, which ends
 * any read or write blocked in it; the caller gets a {@link SocketTimeoutException} naming the
 * timeout. Under the iterative model this is what keeps one silent peer from holding the server
 * longer than the timeout.
 *
 * <p>Thread-safety: stateless; every method may be called from any thread.
 */
public final class TlsSockets {

    private static final ScheduledExecutorService WATCHDOG = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "switchboard-tls-deadlines");
        thread.setDaemon(true);
        return thread;
    });

    private TlsSockets() {
    }

    /**
     * Layers a server-side TLS socket over {@code accepted} and finishes the handshake within
     * {@code config}'s handshake timeout; the socket's read timeout is then what it was before.
     * On failure {@code accepted} is closed.
     *
     * @throws SocketTimeoutException the peer did not finish the handshake in time
     * @throws javax.net.ssl.SSLException the peer spoke something other than acceptable TLS
     * @throws IOException the connection failed during the handshake
     */
    public static SSLSocket handshake(TlsConfig config, Socket accepted) throws IOException {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(accepted, "accepted");
        long millis = Math.max(1, config.handshakeTimeout().toMillis());
        SSLSocket socket;
        try {
            socket = config.newServerSocket(accepted);
        } catch (IOException | RuntimeException e) {
            closeQuietly(accepted);
            throw e;
        }
        int readTimeout = accepted.getSoTimeout();
        AtomicBoolean expired = new AtomicBoolean();
        ScheduledFuture<?> alarm = WATCHDOG.schedule(() -> {
            expired.set(true);
            closeQuietly(accepted);
        }, millis, TimeUnit.MILLISECONDS);
        try {
            socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, millis));
            socket.startHandshake();
            socket.setSoTimeout(readTimeout);
        } catch (IOException | RuntimeException e) {
            alarm.cancel(false);
            closeQuietly(accepted);
            if (expired.get() || e instanceof SocketTimeoutException) {
                throw timedOut(millis, e);
            }
            throw e;
        }
        alarm.cancel(false);
        if (expired.get()) { // it fired as the handshake finished: the socket is closed already
            throw timedOut(millis, null);
        }
        return socket;
    }

    /**
     * Sends close_notify and FIN ({@link SSLSocket#shutdownOutput()}), giving up after
     * {@code bound} by closing {@code raw}: a close_notify is a write, and a peer that stopped
     * reading could otherwise hold the closing thread forever.
     */
    public static void shutdownOutput(SSLSocket socket, Socket raw, Duration bound) throws IOException {
        if (socket.isClosed() || socket.isOutputShutdown()) {
            return;
        }
        ScheduledFuture<?> alarm = WATCHDOG.schedule(() -> closeQuietly(raw), Math.max(1, bound.toMillis()),
                TimeUnit.MILLISECONDS);
        try {
            socket.shutdownOutput();
        } finally {
            alarm.cancel(false);
        }
    }

    private static SocketTimeoutException timedOut(long millis, Exception cause) {
        SocketTimeoutException timeout = new SocketTimeoutException("TLS handshake not finished within " + millis + " ms");
        timeout.initCause(cause);
        return timeout;
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing is the point; nothing else to do
        }
    }
}
