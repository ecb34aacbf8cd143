package io.switchboard.io.nio;

import io.switchboard.io.Events;
import io.switchboard.io.Interest;
import io.switchboard.io.Poller;
import io.switchboard.io.SocketHandle;
import io.switchboard.io.Token;
import java.io.IOException;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A {@link Poller} over a JDK {@link Selector}. Level-triggered.
 *
 * <p>Thread-safety: as {@link Poller}: {@link #wakeup} from any thread, the rest from the polling thread.
 */
public final class NioPoller implements Poller {

    private final Selector selector;
    private final Consumer<SelectionKey> collector = this::collect;
    private Events filling;

    NioPoller() throws IOException {
        this.selector = Selector.open();
    }

    @Override
    public String name() {
        return "nio";
    }

    @Override
    public void register(SocketHandle socket, Token token, Interest interest) throws IOException {
        NioChannelSocket nio = nio(socket);
        SelectionKey existing = nio.channel().keyFor(selector);
        if (existing != null) {
            if (existing.isValid()) {
                throw new IllegalStateException("socket " + socket + " is already registered with this poller");
            }
            selector.selectNow(); // flush the cancelled key so the channel can register again
        }
        nio.channel().register(selector, nio.interestOps(interest), token);
    }

    @Override
    public void modify(SocketHandle socket, Token token, Interest interest) throws IOException {
        NioChannelSocket nio = nio(socket);
        SelectionKey key = nio.channel().keyFor(selector);
        if (key == null || !key.isValid()) {
            throw new IllegalStateException("socket " + socket + " is not registered with this poller");
        }
        key.interestOps(nio.interestOps(interest));
        key.attach(token);
    }

    @Override
    public void deregister(SocketHandle socket) {
        SelectionKey key = nio(socket).channel().keyFor(selector);
        if (key != null) {
            key.cancel();
        }
    }

    @Override
    public int poll(Events events, long timeoutNanos) throws IOException {
        events.clear();
        filling = events;
        try {
            if (timeoutNanos == 0) {
                selector.selectNow(collector);
            } else if (timeoutNanos < 0) {
                selector.select(collector);
            } else {
                // Round up: a timer due in 0.3 ms must not turn into a zero-timeout busy loop.
                long millis = Math.max(1, TimeUnit.NANOSECONDS.toMillis(timeoutNanos + 999_999));
                selector.select(collector, millis);
            }
        } finally {
            filling = null;
        }
        return events.size();
    }

    private void collect(SelectionKey key) {
        int ops;
        try {
            ops = key.readyOps();
        } catch (CancelledKeyException e) {
            return;
        }
        int ready = 0;
        if ((ops & (SelectionKey.OP_READ | SelectionKey.OP_ACCEPT)) != 0) {
            ready |= Events.READABLE;
        }
        if ((ops & (SelectionKey.OP_WRITE | SelectionKey.OP_CONNECT)) != 0) {
            ready |= Events.WRITABLE;
        }
        filling.add((Token) key.attachment(), ready);
    }

    @Override
    public void wakeup() {
        selector.wakeup();
    }

    @Override
    public void close() throws IOException {
        selector.close();
    }

    private static NioChannelSocket nio(SocketHandle socket) {
        if (socket instanceof NioChannelSocket nio) {
            return nio;
        }
        throw new IllegalArgumentException("the nio poller cannot watch " + socket.getClass().getSimpleName()
                + " from another backend");
    }

    @Override
    public String toString() {
        return "NioPoller[" + selector.keys().size() + " registered]";
    }
}
