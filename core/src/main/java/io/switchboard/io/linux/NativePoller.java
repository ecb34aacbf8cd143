package io.switchboard.io.linux;

import io.switchboard.io.Events;
import io.switchboard.io.Interest;
import io.switchboard.io.Poller;
import io.switchboard.io.SocketHandle;
import io.switchboard.io.Token;
import java.io.IOException;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;

/**
 * What select, poll and epoll share, written once: the registration table (by descriptor), its
 * duplicate checks and rollback, the eventfd that {@link #wakeup} signals, and the filtering of
 * reported readiness against the registered interest. Subclasses only map interests to their
 * native form and wait.
 *
 * <p>Filtering matters because the kernel reports errors and hang-ups whether asked or not: a
 * socket whose reading is paused must not be reported readable for its hang-up, or a
 * level-triggered loop would spin. An interest of {@link Interest#NONE} therefore removes the
 * descriptor from the native set while the registration stays.
 *
 * <p>Thread-safety: as {@link Poller}.
 */
abstract sealed class NativePoller implements Poller permits SelectPoller, PollPoller, EpollPoller {

    private final String name;
    protected final EventFd wakeup;
    private Token[] tokens = new Token[256];
    private Interest[] interests = new Interest[256];
    private NativeDescriptor[] sockets = new NativeDescriptor[256];
    private int registered;

    NativePoller(String name) throws IOException {
        this.name = name;
        this.wakeup = new EventFd();
    }

    @Override
    public final String name() {
        return name;
    }

    // ---- hooks ------------------------------------------------------------------------------

    /** Refuses a descriptor this poller can never watch (select: 1024 and above); by default admits all. */
    void admit(int fd) {
    }

    /** Adds {@code fd} to the native set with {@code interest} (never NONE). */
    abstract void add(int fd, Interest interest) throws IOException;

    /** Changes the native interest of {@code fd}, already in the set (neither side NONE). */
    abstract void change(int fd, Interest interest) throws IOException;

    /** Removes {@code fd} from the native set. */
    abstract void remove(int fd) throws IOException;

    /**
     * Waits up to {@code timeoutNanos} (negative: forever) and calls {@link #report} for each
     * ready descriptor, the wakeup descriptor included.
     */
    abstract void await(long timeoutNanos) throws IOException;

    abstract void closeNative() throws IOException;

    // ---- registration -----------------------------------------------------------------------

    @Override
    public final void register(SocketHandle socket, Token token, Interest interest) throws IOException {
        NativeDescriptor descriptor = descriptor(socket);
        int fd = descriptor.fd();
        if (fd < 0) {
            throw new IllegalArgumentException("socket " + socket + " is closed");
        }
        admit(fd);
        ensureCapacity(fd);
        if (tokens[fd] != null) {
            throw new IllegalStateException("socket " + socket + " is already registered with this poller");
        }
        if (interest != Interest.NONE) {
            add(fd, interest);
        }
        tokens[fd] = token;
        interests[fd] = interest;
        sockets[fd] = descriptor;
        descriptor.registeredWith(this);
        registered++;
    }

    @Override
    public final void modify(SocketHandle socket, Token token, Interest interest) throws IOException {
        NativeDescriptor descriptor = descriptor(socket);
        int fd = descriptor.fd();
        if (fd < 0 || fd >= tokens.length || sockets[fd] != descriptor) {
            throw new IllegalStateException("socket " + socket + " is not registered with this poller");
        }
        Interest old = interests[fd];
        if (old != interest) {
            if (old == Interest.NONE) {
                add(fd, interest);
            } else if (interest == Interest.NONE) {
                remove(fd);
            } else {
                change(fd, interest);
            }
        }
        tokens[fd] = token;
        interests[fd] = interest;
    }

    @Override
    public final void deregister(SocketHandle socket) throws IOException {
        NativeDescriptor descriptor = descriptor(socket);
        int fd = descriptor.fd();
        if (fd < 0 || fd >= tokens.length || sockets[fd] != descriptor) {
            return;
        }
        try {
            if (interests[fd] != Interest.NONE) {
                remove(fd);
            }
        } finally {
            clear(fd);
        }
    }

    /** A registered socket is closing: drop its registration before the descriptor number is reused. */
    final void forget(NativeDescriptor descriptor) {
        int fd = descriptor.fd();
        if (fd < 0 || fd >= tokens.length || sockets[fd] != descriptor) {
            return;
        }
        try {
            if (interests[fd] != Interest.NONE) {
                remove(fd);
            }
        } catch (IOException | RuntimeException e) {
            // the descriptor is about to close, which removes it from the kernel's set anyway
        } finally {
            clear(fd);
        }
    }

    private void clear(int fd) {
        sockets[fd].registeredWith(null);
        tokens[fd] = null;
        interests[fd] = null;
        sockets[fd] = null;
        registered--;
    }

    private void ensureCapacity(int fd) {
        if (fd >= tokens.length) {
            int size = Math.max(fd + 1, tokens.length * 2);
            tokens = Arrays.copyOf(tokens, size);
            interests = Arrays.copyOf(interests, size);
            sockets = Arrays.copyOf(sockets, size);
        }
    }

    final int registeredCount() {
        return registered;
    }

    private NativeDescriptor descriptor(SocketHandle socket) {
        if (socket instanceof NativeDescriptor descriptor) {
            return descriptor;
        }
        throw new IllegalArgumentException("the " + name + " poller cannot watch " + socket.getClass().getSimpleName()
                + " from another backend");
    }

    // ---- polling ----------------------------------------------------------------------------

    private Events filling;

    @Override
    public final int poll(Events events, long timeoutNanos) throws IOException {
        events.clear();
        filling = events;
        try {
            await(timeoutNanos);
        } finally {
            filling = null;
        }
        return events.size();
    }

    /** For subclasses: {@code fd} is ready with {@code flags} ({@link Events} bits). */
    final void report(int fd, int flags) {
        if (fd == wakeup.fd()) {
            wakeup.drain();
            return;
        }
        if (fd < 0 || fd >= tokens.length || tokens[fd] == null) {
            return;
        }
        Interest interest = interests[fd];
        int mask = (interest.readable() ? Events.READABLE | Events.HANGUP | Events.ERROR : 0)
                | (interest.writable() ? Events.WRITABLE | Events.ERROR : 0);
        int kept = flags & mask;
        if (!interest.readable() && (flags & Events.HANGUP) != 0 && interest.writable()) {
            kept |= Events.ERROR; // a hang-up while only writing: the next write reports it
        }
        if (kept != 0) {
            filling.add(tokens[fd], kept);
        }
    }

    /** Room the event list has; native pollers ask the kernel for at most this many. */
    final int capacityHint() {
        return filling.capacity();
    }

    /** Milliseconds for poll/epoll_wait: -1 forever, else rounded up so a timer is never woken early. */
    static int timeoutMillis(long timeoutNanos) {
        if (timeoutNanos < 0) {
            return -1;
        }
        if (timeoutNanos == 0) {
            return 0;
        }
        long millis = TimeUnit.NANOSECONDS.toMillis(timeoutNanos + 999_999);
        return (int) Math.min(Integer.MAX_VALUE, Math.max(1, millis));
    }

    @Override
    public final void wakeup() {
        wakeup.signal();
    }

    @Override
    public final void close() throws IOException {
        try {
            closeNative();
        } finally {
            wakeup.close();
        }
    }

    @Override
    public String toString() {
        return name + "[" + registered + " registered]";
    }
}
