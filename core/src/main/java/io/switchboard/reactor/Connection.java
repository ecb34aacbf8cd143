package io.switchboard.reactor;

import io.switchboard.io.Events;
import io.switchboard.io.Interest;
import io.switchboard.io.StreamSocket;
import io.switchboard.io.Token;
import io.switchboard.limits.ConnectionLimits;
import io.switchboard.metrics.TrafficStats;
import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.net.SocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One stream connection on an event loop: the {@link Transport} its protocol writes to, and the
 * state machine that reads, writes, half-closes and closes it.
 *
 * <pre>
 *  CONNECTING ─connected─▶ OPEN ─loseConnection─▶ FLUSHING ─queue empty─▶ LINGERING ─peer EOF/timeout─▶ CLOSED
 *                           │  ╲_peer EOF_▶ readEnded(t) (default: loseConnection)                      ▲
 *                           └──────────── error / abortConnection / overload / stop deadline ──────────┘
 * </pre>
 *
 * <p>Lingering: after a graceful close has sent everything, the output is shut (FIN) and input is
 * drained until the peer's end of stream or the linger timeout. Closing at once with unread input
 * would send a reset, and the peer could lose the last reply it had not read yet.
 *
 * <p>Every field is touched on the loop thread only, except {@link #pending} and
 * {@link #writable}, which other threads read and write through the {@link Transport} methods.
 */
final class Connection implements Transport, Handler {

    private static final Logger LOG = System.getLogger(Connection.class.getName());
    private static final AtomicLong IDS = new AtomicLong();
    private static final int GATHER = 16;
    /** Stands in the write queue for the file at the head of {@link #files}: bytes queued before it go first. */
    private static final ByteBuffer FILE_MARK = ByteBuffer.allocate(0);
    /** File bytes sent per flush at most, so one download does not starve the loop's other connections. */
    private static final long FILE_CHUNK = 1L << 20;

    private final Loop loop;
    private final StreamSocket socket;
    private final Protocol protocol;
    private final TrafficStats stats;
    private final TransportConfig config;
    private final long id = IDS.incrementAndGet();
    private final Token token;
    private final ArrayDeque<ByteBuffer> queue = new ArrayDeque<>();
    private final ArrayDeque<QueuedFile> files = new ArrayDeque<>(); // one per FILE_MARK in the queue, in order
    private final ByteBuffer[] gather = new ByteBuffer[GATHER];
    private final AtomicLong pending = new AtomicLong();
    private final SocketAddress localAddress;
    private final SocketAddress remoteAddress;

    private final long idleNanos;
    private final long writeNanos;
    private final long requestNanos;
    private final Runnable onClose;
    private long lastActivity = System.nanoTime();
    private long lastWriteProgress;
    private long unfinishedMessage; // what the protocol last reported; 0: none
    private long unfinishedSince;   // when it first reported that message (or reading resumed)
    private Timer watchdog;
    private long watchdogDeadline;
    private CompletableFuture<Transport> connectFuture;
    private Timer connectTimer;
    private Timer lingerTimer;
    private Interest interest = Interest.NONE;
    private boolean made;
    private boolean readPaused;
    private boolean eofSeen;
    private boolean closing;
    private boolean lingering;
    private boolean outputShutRequested;
    private boolean outputShut;
    private boolean closed;
    private boolean flushDeferred; // a flush is asked of the loop for after its tasks
    private volatile boolean open = true;
    private volatile boolean writable = true;

    Connection(Loop loop, StreamSocket socket, Protocol protocol, TrafficStats stats) {
        this(loop, socket, protocol, stats, ConnectionLimits.DEFAULTS, () -> { });
    }

    Connection(Loop loop, StreamSocket socket, Protocol protocol, TrafficStats stats, ConnectionLimits limits,
            Runnable onClose) {
        this.loop = loop;
        this.idleNanos = limits.idleTimeout().toNanos();
        this.writeNanos = limits.writeTimeout().toNanos();
        this.requestNanos = limits.requestTimeout().toNanos();
        this.onClose = onClose;
        this.socket = socket;
        this.protocol = protocol;
        this.stats = stats;
        this.config = loop.config();
        this.token = loop.reserveToken();
        this.localAddress = addressOrNull(true);
        this.remoteAddress = addressOrNull(false);
    }

    private SocketAddress addressOrNull(boolean local) {
        try {
            return local ? socket.localAddress() : socket.remoteAddress();
        } catch (IOException e) {
            return null;
        }
    }

    // ---- start ------------------------------------------------------------------------------

    /** Registers an accepted connection and tells the protocol. Loop thread. */
    void startAccepted() throws IOException {
        loop.register(socket, this, Interest.READABLE);
        interest = Interest.READABLE;
        stats.connectionOpened();
        armWatchdog();
        made();
    }

    /** Registers an outbound connection whose connect is in progress. Loop thread. */
    void startConnecting(CompletableFuture<Transport> future, java.time.Duration timeout) throws IOException {
        connectFuture = future;
        loop.register(socket, this, Interest.WRITABLE);
        interest = Interest.WRITABLE;
        connectTimer = loop.schedule(timeout, () -> {
            if (connectFuture != null) {
                fail(new java.net.SocketTimeoutException("connect to " + remoteAddress + " timed out after " + timeout));
            }
        });
    }

    private void made() {
        made = true;
        LOG.log(Level.DEBUG, () -> "[c" + id + "] connected " + remoteAddress + " -> " + localAddress);
        try {
            protocol.connectionMade(this);
        } catch (Throwable t) {
            protocolFailed("connectionMade", t);
            return;
        }
        if (connectFuture != null) {
            CompletableFuture<Transport> future = connectFuture;
            connectFuture = null;
            future.complete(this);
        }
        updateInterest();
    }

    // ---- readiness --------------------------------------------------------------------------

    @Override
    public Token token() {
        return token;
    }

    @Override
    public void ready(int flags) {
        if (connectFuture != null) {
            finishConnect();
            return;
        }
        if ((flags & (Events.READABLE | Events.ERROR | Events.HANGUP)) != 0) {
            read();
        }
        if (!closed && (flags & (Events.WRITABLE | Events.ERROR)) != 0 && !queue.isEmpty()) {
            flush();
        }
    }

    private void finishConnect() {
        try {
            if (!socket.finishConnect()) {
                return;
            }
        } catch (IOException e) {
            fail(e);
            return;
        }
        connectTimer.cancel();
        try {
            socket.setOption(StandardSocketOptions.TCP_NODELAY, true);
        } catch (IOException ignored) {
            // not a TCP socket
        }
        stats.connectionOpened();
        lastActivity = System.nanoTime();
        armWatchdog();
        made();
        if (!closed && !queue.isEmpty()) {
            flush();
        }
    }

    private void read() {
        ByteBuffer buffer = loop.readBuffer();
        boolean edge = loop.edgeTriggered();
        for (int i = 0; i < config.maxReadsPerEvent(); i++) {
            if (closed || (readPaused && !lingering) || eofSeen || (closing && !lingering)) {
                return;
            }
            buffer.clear();
            int n;
            try {
                n = socket.read(buffer);
            } catch (IOException e) {
                fail(e);
                return;
            }
            if (n == 0) {
                return;
            }
            if (n < 0) {
                endOfStream();
                return;
            }
            stats.bytesRead(n);
            lastActivity = loop.now();
            if (lingering) {
                continue; // draining before close: the protocol already said goodbye
            }
            stats.messageReceived();
            buffer.flip();
            try {
                protocol.dataReceived(buffer);
                if (requestNanos > 0) {
                    watchUnfinishedMessage();
                }
            } catch (Throwable t) {
                protocolFailed("dataReceived", t);
                return;
            }
            if (!edge && n < buffer.capacity()) {
                return; // a short read: the socket is most likely drained; the next poll says if not
            }
        }
        if (edge && !closed) {
            loop.offer(this::readAgain); // fairness cap reached; edge-triggered will not report it again
        }
    }

    /** Starts the request clock when the protocol reports a new unfinished message (slowloris guard). */
    private void watchUnfinishedMessage() {
        long message = protocol.unfinishedMessage();
        if (message == unfinishedMessage) {
            return; // none, or the same one still trickling in: its clock keeps running
        }
        unfinishedMessage = message;
        if (message != 0) {
            unfinishedSince = loop.now();
            armWatchdog();
        }
    }

    private void readAgain() {
        if (!closed) {
            read();
        }
    }

    private void endOfStream() {
        eofSeen = true;
        if (lingering) {
            closeNow(new CloseReason.Clean());
            return;
        }
        updateInterest();
        if (closing) {
            return; // already flushing towards a close; no need to linger once the queue drains
        }
        try {
            protocol.readEnded(this);
        } catch (Throwable t) {
            protocolFailed("readEnded", t);
        }
    }

    // ---- writing ----------------------------------------------------------------------------

    @Override
    public void write(ByteBuffer data) {
        int n = data.remaining();
        if (n == 0) {
            return;
        }
        if (loop.inEventLoop()) {
            writeOnLoop(data);
            return;
        }
        byte[] copy = new byte[n];
        data.get(copy);
        handOver(ByteBuffer.wrap(copy));
    }

    @Override
    public void write(byte[] data) {
        if (data.length == 0) {
            return;
        }
        if (loop.inEventLoop()) {
            writeOnLoop(ByteBuffer.wrap(data));
            return;
        }
        handOver(ByteBuffer.wrap(data.clone()));
    }

    @Override
    public void writeShared(ByteBuffer shared) {
        ByteBuffer view = shared.duplicate();
        if (!view.hasRemaining()) {
            return;
        }
        if (loop.inEventLoop()) {
            writeOnLoop(view, true);
        } else {
            handOver(view);
        }
    }

    @Override
    public CompletionStage<Long> sendFile(FileChannel file, long position, long count) {
        if (position < 0 || count < 0) {
            throw new IllegalArgumentException("sendFile: position " + position + ", count " + count + " (expected >= 0)");
        }
        CompletableFuture<Long> done = new CompletableFuture<>();
        QueuedFile queued = new QueuedFile(file, position, count, done);
        if (loop.inEventLoop()) {
            queueFile(queued);
        } else if (!loop.offer(() -> queueFile(queued))) {
            queued.fail(new IOException("sendFile: the event loop has stopped"));
        }
        return done;
    }

    private void queueFile(QueuedFile queued) {
        if (!acceptsWrites()) {
            queued.fail(new IOException("sendFile: the connection is closed or closing"));
            return;
        }
        boolean idle = queue.isEmpty() && connectFuture == null;
        files.add(queued);
        queueAdd(FILE_MARK);
        if (idle) {
            flush();
        } else {
            updateInterest();
        }
    }

    /** Sends the head file's next chunk; whether flushing may go on to what is queued after it. */
    private boolean sendFileChunk() {
        QueuedFile head = files.peekFirst();
        long budget = FILE_CHUNK;
        while (head.remaining() > 0) {
            long n;
            try {
                n = socket.transferFrom(head.file(), head.position(), Math.min(head.remaining(), budget));
            } catch (IOException e) {
                fail(e);
                return false;
            }
            if (n == 0) {
                return false; // the send buffer is full
            }
            head.sent(n);
            stats.bytesWritten(n);
            lastActivity = loop.now();
            lastWriteProgress = lastActivity;
            budget -= n;
            if (budget <= 0 && head.remaining() > 0) {
                loop.offer(this::flushAgain); // the loop's other connections first; edge-triggered raises no new edge
                return false;
            }
        }
        files.pollFirst();
        queue.pollFirst();
        loop.offer(head::complete); // after this flush, never inside it
        return true;
    }

    private void flushAgain() {
        if (!closed && connectFuture == null && !queue.isEmpty()) {
            flush();
        }
    }

    /** A write from another thread: account for it now (so limits hold), queue it on the loop. */
    private void handOver(ByteBuffer owned) {
        long total = addPending(owned.remaining());
        if (total > config.maxQueuedBytes()) {
            addPending(-owned.remaining());
            loop.offer(() -> overloaded(total));
            return;
        }
        if (!loop.offer(() -> enqueueOwned(owned))) {
            addPending(-owned.remaining());
        }
    }

    private void enqueueOwned(ByteBuffer owned) {
        if (!acceptsWrites()) {
            addPending(-owned.remaining());
            return;
        }
        queueAdd(owned);
        if (connectFuture == null && !flushDeferred) {
            flushDeferred = true;
            loop.flushAfterTasks(this); // one write for everything handed over in this batch
        }
        updateWritability();
    }

    /** The loop's deferred flush of writes handed over from other threads. */
    void flushDeferred() {
        flushDeferred = false;
        flushAgain();
    }

    private void writeOnLoop(ByteBuffer data) {
        writeOnLoop(data, false);
    }

    /** Writes what the socket takes now and queues the rest: a copy, or {@code data} itself when it is {@code owned}. */
    private void writeOnLoop(ByteBuffer data, boolean owned) {
        if (!acceptsWrites()) {
            data.position(data.limit());
            return;
        }
        if (queue.isEmpty() && connectFuture == null) {
            try {
                int written = socket.write(data);
                stats.bytesWritten(written);
                if (written > 0) {
                    lastActivity = loop.now();
                }
            } catch (IOException e) {
                fail(e);
                return;
            }
            if (!data.hasRemaining()) {
                return;
            }
        }
        int rest = data.remaining();
        long total = addPending(rest);
        if (total > config.maxQueuedBytes()) {
            addPending(-rest);
            data.position(data.limit());
            overloaded(total);
            return;
        }
        ByteBuffer queued = data;
        if (!owned) {
            queued = ByteBuffer.allocate(rest);
            queued.put(data).flip();
        }
        queueAdd(queued);
        updateInterest();
        updateWritability();
    }

    /** Queues bytes; the first of a backlog starts the write timeout. */
    private void queueAdd(ByteBuffer buffer) {
        if (queue.isEmpty()) {
            lastWriteProgress = System.nanoTime();
            queue.add(buffer);
            if (writeNanos > 0) {
                armWatchdog();
            }
        } else {
            queue.add(buffer);
        }
    }

    private boolean acceptsWrites() {
        return !closed && !closing && !outputShutRequested;
    }

    private void overloaded(long total) {
        if (closed) {
            return;
        }
        stats.error();
        stats.connectionOverloaded();
        CloseReason reason = new CloseReason.Overloaded("write queue would hold " + total
                + " bytes, over the limit of " + config.maxQueuedBytes() + "; the peer is not reading");
        LOG.log(Level.WARNING, () -> "[c" + id + "] " + remoteAddress + ": closing, " + reason.describe());
        closeNow(reason);
    }

    private void flush() {
        while (!queue.isEmpty()) {
            if (queue.peekFirst() == FILE_MARK) {
                if (sendFileChunk()) {
                    continue;
                }
                if (closed) {
                    return;
                }
                break;
            }
            int count = 0;
            for (ByteBuffer buffer : queue) {
                if (buffer == FILE_MARK) {
                    break;
                }
                gather[count++] = buffer;
                if (count == GATHER) {
                    break;
                }
            }
            long written;
            try {
                written = count == 1 ? socket.write(gather[0]) : socket.write(gather, 0, count);
            } catch (IOException e) {
                java.util.Arrays.fill(gather, null);
                fail(e);
                return;
            }
            java.util.Arrays.fill(gather, 0, count, null);
            addPending(-written);
            stats.bytesWritten(written);
            if (written > 0) {
                lastActivity = loop.now();
                lastWriteProgress = lastActivity;
            }
            while (!queue.isEmpty() && queue.peekFirst() != FILE_MARK && !queue.peekFirst().hasRemaining()) {
                queue.pollFirst();
            }
            if (written == 0 || (!queue.isEmpty() && queue.peekFirst() != FILE_MARK && count < GATHER)) {
                break; // the send buffer is full
            }
        }
        if (queue.isEmpty()) {
            if (closing) {
                finishClose();
                return;
            }
            if (outputShutRequested && !outputShut) {
                shutdownOutputNow();
            }
        }
        updateInterest();
        updateWritability();
    }

    /** Moves the queued-bytes count (the limits' and the metrics'); returns the new total. */
    private long addPending(long delta) {
        stats.queuedBytesChanged(delta);
        return pending.addAndGet(delta);
    }

    private void updateWritability() {
        long queued = pending.get();
        if (writable && queued > config.highWaterMark()) {
            writable = false;
            stats.writabilityChanged(false);
            notifyWritability(false);
        } else if (!writable && queued <= config.lowWaterMark()) {
            writable = true;
            stats.writabilityChanged(true);
            notifyWritability(true);
        }
    }

    private void notifyWritability(boolean now) {
        if (!made || closed) {
            return;
        }
        try {
            protocol.writabilityChanged(now);
        } catch (Throwable t) {
            protocolFailed("writabilityChanged", t);
        }
    }

    // ---- timeouts ---------------------------------------------------------------------------

    /**
     * Keeps one timer for the idle, write and request timeouts, due at the earliest deadline that
     * applies. It is lazy: activity only moves a timestamp; when the timer fires it re-checks and
     * re-arms for what is left, so a busy connection costs at most one timer per timeout period,
     * and none at all when the timeouts are off, nothing is queued (write) and no message is
     * unfinished (request).
     */
    private void armWatchdog() {
        if (closed) {
            return;
        }
        long next = Long.MAX_VALUE;
        if (idleNanos > 0 && !readPaused) {
            next = lastActivity + idleNanos;
        }
        if (writeNanos > 0 && !queue.isEmpty()) {
            next = Math.min(next, lastWriteProgress + writeNanos);
        }
        if (watchingRequest()) {
            next = Math.min(next, unfinishedSince + requestNanos);
        }
        if (next == Long.MAX_VALUE) {
            return;
        }
        if (watchdog != null && watchdogDeadline - next <= 0) {
            return; // the armed timer fires first and re-checks
        }
        if (watchdog != null) {
            watchdog.cancel();
        }
        watchdogDeadline = next;
        watchdog = loop.schedule(java.time.Duration.ofNanos(Math.max(0, next - System.nanoTime())),
                this::checkTimeouts);
    }

    private void checkTimeouts() {
        watchdog = null;
        if (closed) {
            return;
        }
        long now = System.nanoTime();
        if (idleNanos > 0 && !readPaused && now - lastActivity >= idleNanos) {
            timedOut("idle: no bytes in or out for " + java.time.Duration.ofNanos(idleNanos));
            return;
        }
        if (writeNanos > 0 && !queue.isEmpty() && now - lastWriteProgress >= writeNanos) {
            timedOut("write: " + queuedBytes() + " bytes queued and the peer read none of them for "
                    + java.time.Duration.ofNanos(writeNanos));
            return;
        }
        if (watchingRequest() && now - unfinishedSince >= requestNanos) {
            timedOut("request: a message started " + java.time.Duration.ofNanos(now - unfinishedSince).toSeconds()
                    + " s ago is still unfinished (limit " + java.time.Duration.ofNanos(requestNanos)
                    + "; a slowloris peer?)");
            return;
        }
        armWatchdog();
    }

    /** A started message is pending and the peer is free to finish it (we are reading). */
    private boolean watchingRequest() {
        return requestNanos > 0 && unfinishedMessage != 0 && !readPaused && !eofSeen;
    }

    private void timedOut(String what) {
        stats.connectionTimedOut();
        CloseReason reason = new CloseReason.TimedOut(what);
        LOG.log(Level.INFO, () -> "[c" + id + "] " + remoteAddress + ": closing, " + reason.describe());
        abort(reason);
    }

    // ---- interest ---------------------------------------------------------------------------

    private void updateInterest() {
        if (closed) {
            return;
        }
        boolean wantRead = lingering || (!readPaused && !eofSeen && !closing);
        boolean wantWrite = connectFuture != null || !queue.isEmpty();
        Interest wanted = Interest.of(wantRead && connectFuture == null, wantWrite);
        if (wanted != interest) {
            try {
                loop.modify(socket, this, wanted);
                interest = wanted;
            } catch (IOException | RuntimeException e) {
                fail(e instanceof IOException io ? io : new IOException(e.toString(), e));
            }
        }
    }

    @Override
    public void pauseReading() {
        loop.run(() -> {
            if (!readPaused) {
                readPaused = true;
                updateInterest();
            }
        });
    }

    @Override
    public void resumeReading() {
        loop.run(() -> {
            if (readPaused) {
                readPaused = false;
                unfinishedSince = loop.now(); // the peer could not finish while we did not read,
                lastActivity = unfinishedSince; // nor be heard: time spent paused is ours, not its idleness
                armWatchdog();
                updateInterest();
                if (loop.edgeTriggered()) {
                    loop.offer(this::readAgain); // bytes that arrived while paused raise no new edge
                }
            }
        });
    }

    // ---- closing ----------------------------------------------------------------------------

    @Override
    public void loseConnection() {
        loop.run(() -> {
            if (closed || closing) {
                return;
            }
            closing = true;
            if (connectFuture != null) {
                closeNow(new CloseReason.Clean());
            } else if (queue.isEmpty()) {
                finishClose();
            } else {
                updateInterest();
            }
        });
    }

    @Override
    public void abortConnection() {
        loop.run(() -> abort(new CloseReason.Aborted("abortConnection called")));
    }

    private void abort(CloseReason reason) {
        if (closed) {
            return;
        }
        try {
            socket.setOption(StandardSocketOptions.SO_LINGER, 0); // close sends RST, not FIN
        } catch (IOException | RuntimeException ignored) {
            // not every socket has SO_LINGER (Unix sockets)
        }
        closeNow(reason);
    }

    @Override
    public void shutdownOutput() {
        loop.run(() -> {
            if (closed || closing || outputShutRequested) {
                return;
            }
            outputShutRequested = true;
            if (queue.isEmpty() && connectFuture == null) {
                shutdownOutputNow();
            }
        });
    }

    private void shutdownOutputNow() {
        outputShut = true;
        try {
            socket.shutdownOutput();
        } catch (IOException e) {
            fail(e);
            return;
        }
        if (eofSeen) {
            closeNow(new CloseReason.Clean()); // both directions are done
        }
    }

    /** Everything queued is sent: close, lingering first if the peer may still be sending. */
    private void finishClose() {
        if (eofSeen || config.lingerTimeout().isZero() || outputShut) {
            closeNow(new CloseReason.Clean());
            return;
        }
        try {
            socket.shutdownOutput();
        } catch (IOException e) {
            closeNow(new CloseReason.Clean());
            return;
        }
        outputShut = true;
        lingering = true;
        updateInterest();
        lingerTimer = loop.schedule(config.lingerTimeout(), () -> closeNow(new CloseReason.Clean()));
    }

    private void fail(IOException e) {
        if (closed) {
            return;
        }
        stats.error();
        closeNow(new CloseReason.Lost(e));
    }

    private void protocolFailed(String callback, Throwable t) {
        stats.error();
        LOG.log(Level.ERROR, "[c" + id + "] " + remoteAddress + ": protocol " + protocol.getClass().getName() + "."
                + callback + " threw; closing this connection", t);
        abort(new CloseReason.Failed(t));
    }

    private void closeNow(CloseReason reason) {
        if (closed) {
            return;
        }
        closed = true;
        open = false;
        if (lingerTimer != null) {
            lingerTimer.cancel();
        }
        if (connectTimer != null) {
            connectTimer.cancel();
        }
        if (watchdog != null) {
            watchdog.cancel();
        }
        loop.unregister(socket, this);
        try {
            socket.close();
        } catch (IOException e) {
            LOG.log(Level.DEBUG, () -> "[c" + id + "] close: " + e);
        }
        addPending(-queuedOnLoop());
        queue.clear();
        if (!writable) {
            stats.writabilityChanged(true); // it no longer counts as a connection under backpressure
        }
        failQueuedFiles(reason);
        LOG.log(Level.DEBUG, () -> "[c" + id + "] " + remoteAddress + " " + reason.describe());
        if (connectFuture != null) {
            CompletableFuture<Transport> future = connectFuture;
            connectFuture = null;
            future.completeExceptionally(reason instanceof CloseReason.Lost lost ? lost.cause()
                    : new IOException("connect to " + remoteAddress + " " + reason.describe()));
            return;
        }
        onClose.run();
        if (made) {
            stats.connectionClosed();
            try {
                protocol.connectionLost(reason);
            } catch (Throwable t) {
                LOG.log(Level.ERROR, "[c" + id + "] protocol " + protocol.getClass().getName()
                        + ".connectionLost threw", t);
            }
        }
    }

    private void failQueuedFiles(CloseReason reason) {
        for (QueuedFile file; (file = files.pollFirst()) != null; ) {
            file.fail(new IOException("the connection closed before the file was sent: " + reason.describe(),
                    reason instanceof CloseReason.Lost lost ? lost.cause() : null));
        }
    }

    private long queuedOnLoop() {
        long sum = 0;
        for (ByteBuffer buffer : queue) {
            sum += buffer.remaining();
        }
        return sum;
    }

    @Override
    public void stopRequested() {
        if (closed || closing) {
            return;
        }
        if (!made) {
            closeNow(new CloseReason.Aborted("reactor stopping"));
            return;
        }
        try {
            protocol.stopRequested(this);
        } catch (Throwable t) {
            protocolFailed("stopRequested", t);
        }
    }

    @Override
    public void forceClose(CloseReason reason) {
        abort(reason);
    }

    // ---- queries ----------------------------------------------------------------------------

    @Override
    public boolean isWritable() {
        return writable;
    }

    @Override
    public long queuedBytes() {
        return pending.get();
    }

    @Override
    public boolean isOpen() {
        return open;
    }

    @Override
    public SocketAddress localAddress() {
        return localAddress;
    }

    @Override
    public SocketAddress remoteAddress() {
        return remoteAddress;
    }

    @Override
    public long id() {
        return id;
    }

    @Override
    public EventLoop eventLoop() {
        return loop;
    }

    @Override
    public String toString() {
        return "Connection[c" + id + " " + remoteAddress + " -> " + localAddress + (closed ? ", closed" : "") + "]";
    }
}
