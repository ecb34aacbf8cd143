package io.switchboard.server;

import io.switchboard.reactor.CloseReason;
import io.switchboard.reactor.EventLoop;
import io.switchboard.reactor.Transport;
import io.switchboard.reactor.TransportConfig;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A {@link Transport} over a blocking connection.
 *
 * <p>Two kinds of writer, two paths. The connection's own thread (the one reading it and running
 * its callbacks) writes straight to the socket and blocks while the peer does not read:
 * backpressure by blocking the writer, as thread models do — unless the outbox holds bytes, when
 * its writes queue behind them so that what was written first is sent first. Every other thread — a chat room
 * fanning a message out, a timer, the server's stop notice — never blocks on this peer: its
 * bytes go to a bounded outbox that a writer thread drains in order. A peer that lets the outbox
 * pass {@link TransportConfig#maxQueuedBytes()} is disconnected with a logged reason, so one
 * client that stops reading cannot stall or exhaust the others. A graceful close requested while
 * the outbox holds bytes takes effect after them: nothing accepted before it is dropped.
 *
 * <p>The socket's output is guarded by its own lock, never held while a protocol callback runs,
 * so two connections writing to each other cannot deadlock.
 */
final class BlockingTransport implements Transport {

    private static final Logger LOG = System.getLogger(BlockingTransport.class.getName());
    private static final AtomicLong IDS = new AtomicLong();
    /** Marks, in the outbox, a graceful close requested after the bytes before it. */
    private static final ByteBuffer CLOSE = ByteBuffer.allocate(0);
    /** Marks, in the outbox, the file at the head of {@link #files}. */
    private static final ByteBuffer FILE = ByteBuffer.allocate(0);
    private static final int FILE_BUFFER = 64 * 1024;

    /** How the connection under the streams is half-closed and closed (plain TCP, Unix, or TLS over TCP). */
    interface Closer {
        /** Sends FIN (under TLS, close_notify first); reading goes on. */
        void shutdownOutput() throws IOException;

        /** Closes the connection, with a reset (SO_LINGER 0) when {@code reset}; never throws. */
        void close(boolean reset);
    }

    private final OutputStream out;
    private final Closer closer;
    private final ReentrantLock lock;
    private final Condition changed;
    private final ReentrantLock outputLock = new ReentrantLock();
    private final ArrayDeque<ByteBuffer> outbox = new ArrayDeque<>();
    private final ArrayDeque<FileSend> files = new ArrayDeque<>(); // guarded by outbox; one per FILE mark
    private final AtomicLong queued = new AtomicLong();
    private final TransportConfig limits;
    private final Thread owner;
    private final SocketAddress local;
    private final SocketAddress remote;
    private final long id = IDS.incrementAndGet();
    private final BlockingEventLoop loop;
    private boolean draining; // guarded by outbox
    private volatile boolean closing;
    private volatile boolean closed;
    private volatile boolean paused;
    private volatile IOException writeFailure;
    private volatile CloseReason overload;

    /** A transport owned by the calling thread (the one that reads the connection). */
    BlockingTransport(OutputStream out, Closer closer, ReentrantLock lock, SocketAddress local, SocketAddress remote) {
        this(out, closer, lock, local, remote, TransportConfig.DEFAULTS);
    }

    BlockingTransport(OutputStream out, Closer closer, ReentrantLock lock, SocketAddress local, SocketAddress remote,
            TransportConfig limits) {
        this.out = out;
        this.closer = closer;
        this.lock = lock;
        this.changed = lock.newCondition();
        this.local = local;
        this.remote = remote;
        this.limits = limits;
        this.owner = Thread.currentThread();
        this.loop = new BlockingEventLoop("connection-" + id, lock);
    }

    @Override
    public void write(ByteBuffer data) {
        if (closing || closed) {
            data.position(data.limit());
            return;
        }
        if (Thread.currentThread() == owner && !backlogged()) {
            writeNow(data);
            return;
        }
        ByteBuffer copy = ByteBuffer.allocate(data.remaining());
        copy.put(data).flip();
        enqueue(copy);
    }

    @Override
    public void write(byte[] data) {
        write(ByteBuffer.wrap(data));
    }

    @Override
    public void writeShared(ByteBuffer shared) {
        ByteBuffer view = shared.duplicate();
        if (closing || closed || !view.hasRemaining()) {
            return;
        }
        if (Thread.currentThread() == owner && !backlogged()) {
            writeNow(view);
        } else {
            enqueue(view);
        }
    }

    /**
     * Files always go through the writer thread, so the caller never blocks on a slow peer and the
     * order with other writes holds.
     */
    @Override
    public CompletionStage<Long> sendFile(FileChannel file, long position, long count) {
        if (position < 0 || count < 0) {
            throw new IllegalArgumentException("sendFile: position " + position + ", count " + count + " (expected >= 0)");
        }
        CompletableFuture<Long> done = new CompletableFuture<>();
        if (closing || closed) {
            done.completeExceptionally(new IOException("sendFile: the connection is closed or closing"));
            return done;
        }
        synchronized (outbox) {
            files.add(new FileSend(file, position, count, done));
        }
        offer(FILE);
        return done;
    }

    /** A file queued by {@link #sendFile}. */
    private record FileSend(FileChannel file, long position, long count, CompletableFuture<Long> done) {
    }

    /** The writer thread: copies the file to the peer in chunks, blocking while the peer does not read. */
    private void sendFileNow(FileSend send) {
        outputLock.lock();
        try {
            if (closed) {
                send.done().completeExceptionally(new IOException("the connection closed before the file was sent"));
                return;
            }
            byte[] chunk = new byte[(int) Math.min(FILE_BUFFER, Math.max(1, send.count()))];
            ByteBuffer buffer = ByteBuffer.wrap(chunk);
            long sent = 0;
            while (sent < send.count()) {
                buffer.clear().limit((int) Math.min(chunk.length, send.count() - sent));
                int n = send.file().read(buffer, send.position() + sent);
                if (n < 0) {
                    throw new EOFException("the file ended at " + send.file().size() + " bytes, before "
                            + (send.position() + send.count()));
                }
                out.write(chunk, 0, n);
                sent += n;
            }
            out.flush();
            long total = sent;
            loop.execute(() -> send.done().complete(total));
        } catch (IOException e) {
            writeFailure = e;
            closeNow(true);
            send.done().completeExceptionally(e);
        } finally {
            outputLock.unlock();
        }
    }

    /** Whether the outbox holds bytes: then the owner's writes queue behind them, keeping the order. */
    private boolean backlogged() {
        synchronized (outbox) {
            return draining;
        }
    }

    /** Writes on the calling thread, blocking while the peer does not read. */
    private void writeNow(ByteBuffer data) {
        outputLock.lock();
        try {
            if (closed) {
                data.position(data.limit());
                return;
            }
            if (data.hasArray()) {
                out.write(data.array(), data.arrayOffset() + data.position(), data.remaining());
                data.position(data.limit());
            } else {
                byte[] copy = new byte[data.remaining()];
                data.get(copy);
                out.write(copy);
            }
            out.flush();
        } catch (IOException e) {
            writeFailure = e;
            closeNow(true);
        } finally {
            outputLock.unlock();
        }
    }

    /** Queues bytes from another thread for the writer thread; never blocks. */
    private void enqueue(ByteBuffer owned) {
        int n = owned.remaining();
        long total = queued.addAndGet(n);
        if (total > limits.maxQueuedBytes()) {
            queued.addAndGet(-n);
            overloaded(total);
            return;
        }
        offer(owned);
    }

    private void offer(ByteBuffer item) {
        boolean start;
        synchronized (outbox) {
            outbox.add(item);
            start = !draining;
            draining = true;
        }
        if (start) {
            Thread.ofVirtual().name("c" + id + "-writer").start(this::drain);
        }
    }

    /** The writer thread: sends the outbox in order until it is empty. */
    private void drain() {
        while (true) {
            ByteBuffer next;
            synchronized (outbox) {
                next = outbox.poll();
                if (next == null) {
                    draining = false;
                    return;
                }
            }
            if (next == CLOSE) {
                closeGracefully();
                continue;
            }
            if (next == FILE) {
                FileSend send;
                synchronized (outbox) {
                    send = files.poll();
                }
                sendFileNow(send);
                continue;
            }
            int n = next.remaining();
            writeNow(next);
            queued.addAndGet(-n);
        }
    }

    private void overloaded(long total) {
        if (closed) {
            return;
        }
        CloseReason reason = new CloseReason.Overloaded("outbox would hold " + total + " bytes, over the limit of "
                + limits.maxQueuedBytes() + "; the peer is not reading");
        overload = reason;
        LOG.log(Level.WARNING, () -> "[c" + id + "] " + remote + ": closing, " + reason.describe());
        closeNow(true);
    }

    /** Why the connection was closed by this transport, when it was for overload; else null. */
    CloseReason overload() {
        return overload;
    }

    @Override
    public void loseConnection() {
        if (closing || closed) {
            return;
        }
        closing = true;
        synchronized (outbox) {
            if (draining) {
                outbox.add(CLOSE); // after what other threads queued before the close
                return;
            }
        }
        closeGracefully();
    }

    /** Sends FIN once everything written is out, and lingers for the peer's end of stream up to two seconds. */
    private void closeGracefully() {
        outputLock.lock();
        try {
            if (closed) {
                return;
            }
            out.flush();
            closer.shutdownOutput();
            loop.schedule(java.time.Duration.ofSeconds(2), () -> closeNow(false));
        } catch (IOException e) {
            closeNow(false);
        } finally {
            outputLock.unlock();
        }
        signal();
    }

    private void signal() {
        lock.lock();
        try {
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void abortConnection() {
        closeNow(true);
    }

    @Override
    public void shutdownOutput() {
        outputLock.lock();
        try {
            out.flush();
            closer.shutdownOutput();
        } catch (IOException e) {
            writeFailure = e;
        } finally {
            outputLock.unlock();
        }
    }

    @Override
    public void pauseReading() {
        paused = true;
    }

    @Override
    public void resumeReading() {
        lock.lock();
        try {
            paused = false;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** The reading thread waits here while reading is paused (and the connection open). */
    void awaitReadable() throws InterruptedException {
        lock.lock();
        try {
            while (paused && !closing && !closed) {
                changed.await();
            }
        } finally {
            lock.unlock();
        }
    }

    /** After the peer's end of stream: waits until the protocol closes (it may still write from timers). */
    void awaitClosing() throws InterruptedException {
        lock.lock();
        try {
            while (!closing && !closed) {
                changed.await();
            }
        } finally {
            lock.unlock();
        }
    }

    void closeNow(boolean reset) {
        if (closed) {
            return;
        }
        closed = true;
        closer.close(reset);
        synchronized (outbox) {
            outbox.clear(); // the writer thread, if any, finds it empty and ends
            for (FileSend send; (send = files.poll()) != null; ) {
                send.done().completeExceptionally(new IOException("the connection closed before the file was sent"));
            }
        }
        if (lock.tryLock()) {
            try {
                changed.signalAll();
            } finally {
                lock.unlock();
            }
        }
    }

    boolean closing() {
        return closing;
    }

    IOException writeFailure() {
        return writeFailure;
    }

    @Override
    public boolean isWritable() {
        return queued.get() <= limits.highWaterMark();
    }

    @Override
    public long queuedBytes() {
        return queued.get();
    }

    @Override
    public boolean isOpen() {
        return !closed;
    }

    @Override
    public SocketAddress localAddress() {
        return local;
    }

    @Override
    public SocketAddress remoteAddress() {
        return remote;
    }

    @Override
    public long id() {
        return id;
    }

    @Override
    public EventLoop eventLoop() {
        return loop;
    }

    BlockingEventLoop loop() {
        return loop;
    }
}
