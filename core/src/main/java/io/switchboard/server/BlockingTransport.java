package io.switchboard.server;

import io.switchboard.reactor.EventLoop;
import io.switchboard.reactor.Transport;
import java.io.IOException;
import java.io.OutputStream;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A {@link Transport} over a blocking connection. Writes go out at once, under the connection's
 * lock, and block while the peer does not read (backpressure by blocking the writer, as thread
 * models do); so nothing queues and the transport is always "writable".
 */
final class BlockingTransport implements Transport {

    private static final AtomicLong IDS = new AtomicLong();

    interface Closer {
        void shutdownOutput() throws IOException;

        void close(boolean reset);
    }

    private final OutputStream out;
    private final Closer closer;
    private final ReentrantLock lock;
    private final Condition changed;
    private final SocketAddress local;
    private final SocketAddress remote;
    private final long id = IDS.incrementAndGet();
    private final BlockingEventLoop loop;
    private volatile boolean closing;
    private volatile boolean closed;
    private volatile boolean paused;
    private volatile IOException writeFailure;

    BlockingTransport(OutputStream out, Closer closer, ReentrantLock lock, SocketAddress local, SocketAddress remote) {
        this.out = out;
        this.closer = closer;
        this.lock = lock;
        this.changed = lock.newCondition();
        this.local = local;
        this.remote = remote;
        this.loop = new BlockingEventLoop("connection-" + id, lock);
    }

    @Override
    public void write(ByteBuffer data) {
        if (closing || closed) {
            data.position(data.limit());
            return;
        }
        lock.lock();
        try {
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
            lock.unlock();
        }
    }

    @Override
    public void write(byte[] data) {
        write(ByteBuffer.wrap(data));
    }

    @Override
    public void loseConnection() {
        lock.lock();
        try {
            if (closing || closed) {
                return;
            }
            closing = true;
            out.flush();
            closer.shutdownOutput();
            // linger for the peer's end of stream, but not past two seconds
            loop.schedule(java.time.Duration.ofSeconds(2), () -> closeNow(false));
        } catch (IOException e) {
            closeNow(false);
        } finally {
            changed.signalAll();
            lock.unlock();
        }
    }

    @Override
    public void abortConnection() {
        closeNow(true);
    }

    @Override
    public void shutdownOutput() {
        lock.lock();
        try {
            out.flush();
            closer.shutdownOutput();
        } catch (IOException e) {
            writeFailure = e;
        } finally {
            lock.unlock();
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
        return true;
    }

    @Override
    public long queuedBytes() {
        return 0;
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
