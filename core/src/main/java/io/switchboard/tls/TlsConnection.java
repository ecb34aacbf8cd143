package io.switchboard.tls;

import io.switchboard.reactor.CloseReason;
import io.switchboard.reactor.EventLoop;
import io.switchboard.reactor.Protocol;
import io.switchboard.reactor.Timer;
import io.switchboard.reactor.Transport;
import java.io.EOFException;
import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLEngineResult.Status;
import javax.net.ssl.SSLException;

/**
 * One connection inside TLS: the {@link Protocol} the reactor's connection talks to (ciphertext),
 * and the {@link Transport} the inner protocol writes to (plaintext).
 *
 * <pre>
 *  HANDSHAKING ─FINISHED─▶ OPEN (inner connectionMade) ─loseConnection─▶ close_notify, outer loseConnection
 *       │ timeout / bad record: log, alert if possible, close          ╲─peer close_notify or FIN─▶ inner readEnded
 * </pre>
 *
 * <p>Buffers: {@code netIn} holds received ciphertext up to one TLS record (it grows only while the
 * inner protocol has paused reading, by at most one read), {@code appIn} one record's plaintext,
 * {@code netOut} one record's ciphertext, reused for every record. Plaintext written before the
 * handshake finished, or behind a file being sent, waits in {@code pending} in order.
 *
 * <p>Thread-safety: the engine and buffers are touched on the connection's event loop only; the
 * {@link Transport} methods called from other threads are handed to the loop (cross-thread writes
 * count in {@link #queuedBytes()} from the moment they are made).
 */
final class TlsConnection implements Protocol, Transport {

    private static final Logger LOG = System.getLogger(TlsConnection.class.getName());
    private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);
    /** Plaintext per record when sending a file: the TLS maximum, 16 KiB. */
    static final int FILE_RECORD = 16 * 1024;
    /** File bytes wrapped per turn of the loop at most, so one download does not starve the others. */
    private static final long FILE_TURN = 256 * 1024;
    /**
     * Plaintext that may wait in {@code pending} (behind a file being sent, or before the handshake
     * finished) before the connection is closed as overloaded: 16 MiB, the reactor's own hard limit
     * by default. Without it a protocol that writes behind a slow download could grow memory without bound.
     */
    static final long PENDING_LIMIT = 16L << 20;

    private final SSLEngine engine;
    private final Protocol inner;
    private final Duration handshakeTimeout;
    private final ArrayDeque<Object> pending = new ArrayDeque<>(); // ByteBuffer copies and FileSends, in order
    private final AtomicLong handedOff = new AtomicLong(); // bytes written from other threads, not yet on the loop

    private Transport outer;
    private EventLoop loop;
    private ByteBuffer netIn;
    private ByteBuffer appIn;
    private ByteBuffer netOut;
    private ByteBuffer fileChunk;
    private Timer handshakeTimer;
    private long pendingBytes;
    private boolean made;
    private boolean processing;
    private boolean innerPaused;
    private long recordsIn; // records unwrapped so far: numbers the partial one for unfinishedMessage
    private boolean inboundEnded;
    private boolean closeRequested;
    private boolean shutdownRequested;
    private boolean outputClosed;
    private boolean failed;
    private boolean lost;
    private CloseReason ownReason; // why this layer closed, told to the inner protocol instead of the outer reason

    TlsConnection(SSLEngine engine, Protocol inner, Duration handshakeTimeout) {
        this.engine = engine;
        this.inner = inner;
        this.handshakeTimeout = handshakeTimeout;
    }

    // ---- the outer connection's events (ciphertext) ------------------------------------------

    @Override
    public void connectionMade(Transport transport) {
        outer = transport;
        loop = transport.eventLoop();
        // Each buffer grows to its full size (~16 KiB) when first needed, through the paths that
        // already handle a buffer too small (underflow, overflow): a peer that connects and never
        // speaks holds only its engine, not three packet buffers.
        netIn = ByteBuffer.allocate(0);
        appIn = ByteBuffer.allocate(0);
        netOut = ByteBuffer.allocate(0);
        handshakeTimer = loop.schedule(handshakeTimeout, this::handshakeExpired);
        try {
            engine.beginHandshake();
        } catch (SSLException e) {
            tlsFailed(e);
            return;
        }
        process();
    }

    @Override
    public void dataReceived(ByteBuffer data) {
        while (data.hasRemaining()) {
            if (failed || inboundEnded) {
                data.position(data.limit()); // nothing more is read after a failure or close_notify
                return;
            }
            if (innerPaused && made) {
                ensureNetInRoom(data.remaining()); // bounded: the outer connection is paused too
                netIn.put(data);
                return;
            }
            if (!netIn.hasRemaining()) {
                ensureNetInRoom(engine.getSession().getPacketBufferSize() - netIn.position());
                if (!netIn.hasRemaining()) {
                    tlsFailed(new SSLException("TLS record larger than " + netIn.capacity() + " bytes"));
                    continue;
                }
            }
            int n = Math.min(netIn.remaining(), data.remaining());
            netIn.put(netIn.position(), data, data.position(), n);
            netIn.position(netIn.position() + n);
            data.position(data.position() + n);
            process();
        }
    }

    @Override
    public void readEnded(Transport transport) {
        if (inboundEnded) {
            return;
        }
        inboundEnded = true;
        try {
            engine.closeInbound();
        } catch (SSLException e) {
            LOG.log(Level.DEBUG, () -> prefix() + "end of stream without close_notify: " + e.getMessage());
        }
        if (made) {
            inner.readEnded(this);
        } else {
            LOG.log(Level.DEBUG, () -> prefix() + "peer closed during the TLS handshake");
            outer.loseConnection();
        }
    }

    @Override
    public void writabilityChanged(boolean writable) {
        if (writable) {
            flushPending();
        }
        if (made) {
            inner.writabilityChanged(writable);
        }
    }

    /**
     * The inner protocol's unfinished message; when it has none but part of a TLS record is held,
     * that record (numbered negatively, so it differs from any inner number): a peer trickling one
     * record forever meets the request timeout just as one trickling a frame does.
     */
    @Override
    public long unfinishedMessage() {
        long message = made ? inner.unfinishedMessage() : 0;
        if (message != 0) {
            return message;
        }
        return made && netIn.position() > 0 ? -(recordsIn + 1) : 0;
    }

    @Override
    public void stopRequested(Transport transport) {
        if (made) {
            inner.stopRequested(this);
        } else {
            outer.loseConnection();
        }
    }

    @Override
    public void connectionLost(CloseReason reason) {
        lost = true;
        cancelHandshakeTimer();
        IOException closed = new IOException("connection closed before the file was sent (" + reason.describe() + ")");
        for (Object item : pending) {
            if (item instanceof FileSend file) {
                file.result().completeExceptionally(closed);
            }
        }
        pending.clear();
        pendingBytes = 0;
        if (made) {
            inner.connectionLost(ownReason != null ? ownReason : reason);
        }
    }

    // ---- the engine ---------------------------------------------------------------------------

    /**
     * Runs the engine as far as the bytes at hand allow: handshake steps, and every whole record in
     * {@code netIn} decrypted and handed to the inner protocol. Not re-entrant: a call made while it
     * runs (an inner write that wraps) leaves the work to the running call.
     */
    private void process() {
        if (processing) {
            return;
        }
        processing = true;
        try {
            processRecords();
        } catch (SSLException e) {
            tlsFailed(e);
        } finally {
            processing = false;
        }
        if (made && !failed && !lost && engine.getHandshakeStatus() == HandshakeStatus.NOT_HANDSHAKING
                && (!pending.isEmpty() || closeRequested || shutdownRequested)) {
            flushPending();
        }
        if (engine.isInboundDone() && !inboundEnded && !failed) {
            inboundEnded = true; // the peer sent close_notify
            LOG.log(Level.DEBUG, () -> prefix() + "peer sent close_notify");
            if (made) {
                inner.readEnded(this);
            } else {
                outer.loseConnection();
            }
        }
    }

    private void processRecords() throws SSLException {
        while (!failed && !lost) {
            HandshakeStatus status = engine.getHandshakeStatus();
            if (status == HandshakeStatus.NEED_TASK) {
                runDelegatedTasks();
                continue;
            }
            if (status == HandshakeStatus.NEED_WRAP) {
                if (!wrapHandshake()) {
                    return;
                }
                continue;
            }
            if (engine.isInboundDone() || (made && innerPaused) || netIn.position() == 0) {
                return;
            }
            netIn.flip();
            SSLEngineResult result;
            try {
                result = engine.unwrap(netIn, appIn);
            } finally {
                netIn.compact();
            }
            if (result.getHandshakeStatus() == HandshakeStatus.FINISHED) {
                handshakeFinished();
            }
            if (result.bytesConsumed() > 0) {
                recordsIn++;
            }
            switch (result.getStatus()) {
                case BUFFER_UNDERFLOW -> {
                    ensureNetInRoom(engine.getSession().getPacketBufferSize() - netIn.position());
                    return;
                }
                case BUFFER_OVERFLOW -> {
                    if (appIn.position() == 0) {
                        appIn = ByteBuffer.allocate(engine.getSession().getApplicationBufferSize());
                    }
                    deliver();
                }
                case OK -> deliver();
                case CLOSED -> {
                    deliver();
                    return;
                }
            }
        }
    }

    /** Wraps one handshake (or close_notify) record and sends it; {@code false} when nothing moved. */
    private boolean wrapHandshake() throws SSLException {
        netOut.clear();
        SSLEngineResult result = engine.wrap(EMPTY, netOut);
        if (result.getStatus() == Status.BUFFER_OVERFLOW) {
            netOut = ByteBuffer.allocate(engine.getSession().getPacketBufferSize());
            return true;
        }
        send();
        if (result.getHandshakeStatus() == HandshakeStatus.FINISHED) {
            handshakeFinished();
        }
        return result.bytesProduced() > 0 || result.getStatus() == Status.OK;
    }

    private void runDelegatedTasks() {
        Runnable task;
        while ((task = engine.getDelegatedTask()) != null) {
            task.run(); // short (certificate checks, key agreement): run inline on the loop
        }
    }

    private void handshakeFinished() {
        if (made) {
            return; // a later handshake (TLS 1.2 renegotiation, key update) finished
        }
        made = true;
        cancelHandshakeTimer();
        LOG.log(Level.DEBUG, () -> prefix() + "TLS handshake finished: " + engine.getSession().getProtocol()
                + " " + engine.getSession().getCipherSuite());
        inner.connectionMade(this); // what it writes is wrapped at once, or waits in pending for process() to flush
    }

    /** Hands the decrypted bytes in {@code appIn} to the inner protocol (lent, as the reactor lends its buffer). */
    private void deliver() {
        if (appIn.position() == 0) {
            return;
        }
        appIn.flip();
        try {
            if (made && !closeRequested) {
                inner.dataReceived(appIn);
            }
        } finally {
            appIn.clear();
        }
    }

    private void handshakeExpired() {
        handshakeTimer = null;
        if (made || lost) {
            return;
        }
        LOG.log(Level.WARNING, () -> prefix() + "TLS handshake not finished after " + handshakeTimeout.toMillis()
                + " ms; closing");
        ownReason = new CloseReason.TimedOut("TLS handshake not finished after " + handshakeTimeout.toMillis() + " ms");
        failed = true;
        outer.abortConnection();
    }

    /** A bad record, a failed handshake: log, send the engine's alert if it has one, close this connection only. */
    private void tlsFailed(SSLException e) {
        if (failed) {
            return;
        }
        failed = true;
        LOG.log(Level.WARNING, () -> prefix() + "TLS failed: " + e.getMessage() + "; closing");
        ownReason = new CloseReason.ProtocolError("TLS: " + e.getMessage());
        cancelHandshakeTimer();
        engine.closeOutbound();
        try {
            for (int i = 0; i < 4 && !engine.isOutboundDone(); i++) { // the alert, if the engine has one
                netOut.clear();
                engine.wrap(EMPTY, netOut);
                send();
            }
        } catch (SSLException ignored) {
            // no alert to send: closing is enough
        }
        outer.loseConnection();
    }

    private void ensureNetInRoom(int room) {
        if (netIn.remaining() >= room) {
            return;
        }
        ByteBuffer bigger = ByteBuffer.allocate(netIn.position() + room);
        netIn.flip();
        bigger.put(netIn);
        netIn = bigger;
    }

    private void cancelHandshakeTimer() {
        if (handshakeTimer != null) {
            handshakeTimer.cancel();
            handshakeTimer = null;
        }
    }

    /** Sends what {@code netOut} holds to the outer transport (which copies what the socket does not take). */
    private void send() {
        netOut.flip();
        if (netOut.hasRemaining()) {
            outer.write(netOut);
        }
        netOut.clear();
    }

    private String prefix() {
        return "[c" + (outer != null ? outer.id() : 0) + "] " + (outer != null ? outer.remoteAddress() : "?") + ": ";
    }

    // ---- the inner protocol's transport (plaintext) ------------------------------------------

    @Override
    public void write(ByteBuffer data) {
        if (!loop.inEventLoop()) {
            ByteBuffer copy = ByteBuffer.allocate(data.remaining()).put(data).flip();
            handOff(copy);
            return;
        }
        writeOnLoop(data);
    }

    @Override
    public void write(byte[] data) {
        write(ByteBuffer.wrap(data));
    }

    @Override
    public void writeShared(ByteBuffer shared) {
        ByteBuffer view = shared.duplicate(); // the bytes never change: a view is enough, even across threads
        if (!loop.inEventLoop()) {
            handOff(view);
            return;
        }
        writeOnLoop(view);
    }

    private void handOff(ByteBuffer bytes) {
        int n = bytes.remaining();
        handedOff.addAndGet(n);
        loop.execute(() -> {
            handedOff.addAndGet(-n);
            writeOnLoop(bytes);
        });
    }

    private void writeOnLoop(ByteBuffer data) {
        if (closeRequested || shutdownRequested || failed || lost) {
            data.position(data.limit());
            return;
        }
        if (!made || !pending.isEmpty()) {
            queue(data);
            return;
        }
        wrapAndSend(data);
    }

    private void queue(ByteBuffer data) {
        int n = data.remaining();
        if (pendingBytes + n > PENDING_LIMIT) {
            String why = "TLS: " + (pendingBytes + n) + " bytes waiting to be encrypted exceed the limit ("
                    + PENDING_LIMIT + ")";
            LOG.log(Level.WARNING, () -> prefix() + why + "; aborting");
            data.position(data.limit());
            ownReason = new CloseReason.Overloaded(why);
            failed = true;
            outer.abortConnection();
            return;
        }
        pending.add(ByteBuffer.allocate(n).put(data).flip());
        pendingBytes += n;
    }

    /** Encrypts all of {@code data} record by record; what the engine cannot take now waits in {@code pending}. */
    private boolean wrapAndSend(ByteBuffer data) {
        try {
            while (data.hasRemaining()) {
                netOut.clear();
                SSLEngineResult result = engine.wrap(data, netOut);
                if (result.getStatus() == Status.BUFFER_OVERFLOW) {
                    netOut = ByteBuffer.allocate(engine.getSession().getPacketBufferSize());
                    continue;
                }
                send();
                if (result.getStatus() == Status.CLOSED) {
                    LOG.log(Level.DEBUG, () -> prefix() + "write after close_notify dropped");
                    data.position(data.limit());
                    return true;
                }
                if (result.bytesConsumed() == 0) { // a handshake is in progress: the rest waits for it
                    ByteBuffer rest = ByteBuffer.allocate(data.remaining()).put(data).flip();
                    pending.addFirst(rest);
                    pendingBytes += rest.remaining();
                    process();
                    return false;
                }
            }
            return true;
        } catch (SSLException e) {
            tlsFailed(e);
            return false;
        }
    }

    @Override
    public CompletionStage<Long> sendFile(FileChannel file, long position, long count) {
        CompletableFuture<Long> result = new CompletableFuture<>();
        if (count < 0 || position < 0) {
            result.completeExceptionally(new IllegalArgumentException("position " + position + ", count " + count
                    + " (expected: >= 0)"));
            return result;
        }
        Runnable enqueue = () -> {
            if (closeRequested || shutdownRequested || failed || lost) {
                result.completeExceptionally(new IOException("connection closing: file not sent"));
                return;
            }
            pending.add(new FileSend(file, position, count, result));
            flushPending();
        };
        if (loop.inEventLoop()) {
            enqueue.run();
        } else {
            loop.execute(enqueue);
        }
        return result;
    }

    /**
     * Sends what waits, in order, once the handshake is done: plaintext copies at once, files chunk by
     * chunk while the outer transport is writable. File chunks are read on the event loop (a
     * positional read of at most 16 KiB, usually from the page cache); a slow disk delays this
     * loop's other connections by that read.
     */
    private void flushPending() {
        if (!made || failed || lost) {
            return;
        }
        long budget = FILE_TURN;
        while (!pending.isEmpty()) {
            Object head = pending.peekFirst();
            if (head instanceof ByteBuffer bytes) {
                pending.pollFirst();
                pendingBytes -= bytes.remaining();
                if (!wrapAndSend(bytes)) {
                    return; // a handshake took over (or the connection failed); process() flushes again after it
                }
                continue;
            }
            FileSend file = (FileSend) head;
            if (!outer.isWritable()) {
                return; // writabilityChanged(true) resumes
            }
            if (budget <= 0) {
                loop.execute(this::flushPending); // let the loop serve the others first
                return;
            }
            budget -= sendFileChunk(file);
            if (file.isDone() || failed) {
                pending.remove(file); // by identity; a re-queued remainder of its last chunk may stand before it
            }
            if (failed || lost) {
                return;
            }
        }
        if (closeRequested) {
            finishClose();
        } else if (shutdownRequested) {
            finishShutdownOutput();
        }
    }

    /** Reads and wraps one chunk of {@code file}; returns the bytes read. */
    private long sendFileChunk(FileSend file) {
        if (file.remaining() == 0) {
            file.result().complete(file.count());
            return 0;
        }
        if (fileChunk == null) {
            fileChunk = ByteBuffer.allocate(FILE_RECORD);
        }
        fileChunk.clear().limit((int) Math.min(FILE_RECORD, file.remaining()));
        int read;
        try {
            read = file.channel().read(fileChunk, file.nextPosition());
        } catch (IOException e) {
            fileFailed(file, e);
            return 0;
        }
        if (read < 0) {
            fileFailed(file, new EOFException("file ended " + file.remaining() + " bytes before the "
                    + file.count() + " promised"));
            return 0;
        }
        fileChunk.flip();
        wrapAndSend(fileChunk);
        file.advance(read);
        if (file.remaining() == 0) {
            file.result().complete(file.count());
        }
        return read;
    }

    private void fileFailed(FileSend file, IOException e) {
        LOG.log(Level.WARNING, () -> prefix() + "sendFile failed: " + e.getMessage() + "; aborting");
        file.result().completeExceptionally(e);
        file.advance(file.remaining());
        ownReason = new CloseReason.Lost(e);
        failed = true;
        outer.abortConnection();
    }

    @Override
    public void loseConnection() {
        if (!onLoop(this::loseConnection)) {
            return;
        }
        if (closeRequested || lost) {
            return;
        }
        closeRequested = true;
        if (!made || failed) {
            outer.loseConnection();
            return;
        }
        if (pending.isEmpty()) {
            finishClose();
        }
    }

    /** Sends close_notify after everything queued, then closes the outer connection gracefully. */
    private void finishClose() {
        closeOutbound();
        outer.loseConnection();
    }

    private void finishShutdownOutput() {
        closeOutbound();
        outer.shutdownOutput();
    }

    private void closeOutbound() {
        if (outputClosed) {
            return;
        }
        outputClosed = true;
        engine.closeOutbound();
        try {
            while (!engine.isOutboundDone()) {
                netOut.clear();
                SSLEngineResult result = engine.wrap(EMPTY, netOut);
                send();
                if (result.bytesProduced() == 0) {
                    break;
                }
            }
        } catch (SSLException e) {
            LOG.log(Level.DEBUG, () -> prefix() + "close_notify not sent: " + e.getMessage());
        }
    }

    @Override
    public void abortConnection() {
        if (outer != null) {
            outer.abortConnection();
        }
    }

    @Override
    public void shutdownOutput() {
        if (!onLoop(this::shutdownOutput)) {
            return;
        }
        if (shutdownRequested || closeRequested || lost) {
            return;
        }
        shutdownRequested = true;
        if (made && pending.isEmpty()) {
            finishShutdownOutput();
        }
    }

    @Override
    public void pauseReading() {
        if (!onLoop(this::pauseReading)) {
            return;
        }
        innerPaused = true;
        outer.pauseReading();
    }

    @Override
    public void resumeReading() {
        if (!onLoop(this::resumeReading)) {
            return;
        }
        if (!innerPaused) {
            return;
        }
        innerPaused = false;
        outer.resumeReading();
        loop.execute(this::process); // records already received, after the caller's callback returns
    }

    /** Whether the caller is on the loop; if not, hands {@code action} to it and says {@code false}. */
    private boolean onLoop(Runnable action) {
        if (loop.inEventLoop()) {
            return true;
        }
        loop.execute(action);
        return false;
    }

    @Override
    public boolean isWritable() {
        return outer.isWritable();
    }

    @Override
    public long queuedBytes() {
        return outer.queuedBytes() + pendingBytes + handedOff.get();
    }

    @Override
    public boolean isOpen() {
        return outer.isOpen() && !closeRequested && !failed;
    }

    @Override
    public SocketAddress localAddress() {
        return outer.localAddress();
    }

    @Override
    public SocketAddress remoteAddress() {
        return outer.remoteAddress();
    }

    @Override
    public long id() {
        return outer.id();
    }

    @Override
    public EventLoop eventLoop() {
        return loop;
    }
}
