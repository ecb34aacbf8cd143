package io.switchboard.io;

import java.util.Arrays;

/**
 * The readiness a {@link Poller#poll poll} found: a reusable list of (token, ready flags) pairs.
 *
 * <p>One instance is allocated per event loop and refilled by every poll, so reporting readiness
 * allocates nothing. Read it by index:
 * <pre>{@code
 * int n = poller.poll(events, timeout);
 * for (int i = 0; i < n; i++) {
 *     Token token = events.token(i);
 *     if (events.isReadable(i)) { ... }
 * }
 * }</pre>
 *
 * <p>Not thread-safe: owned by the thread that polls.
 */
public final class Events {

    /** Ready to read, or (listening socket) to accept. */
    public static final int READABLE = 1;
    /** Ready to write, or (connecting socket) the connect finished. */
    public static final int WRITABLE = 1 << 1;
    /** An error is pending on the socket (EPOLLERR, POLLERR, POLLNVAL). */
    public static final int ERROR = 1 << 2;
    /** The peer hung up (EPOLLHUP, EPOLLRDHUP, POLLHUP); a read will see end-of-stream or an error. */
    public static final int HANGUP = 1 << 3;

    private Token[] tokens;
    private int[] ready;
    private int size;

    /** An empty list that holds {@code capacity} events before it grows. */
    public Events(int capacity) {
        if (capacity <= 0) {
            throw new IllegalArgumentException("capacity: " + capacity + " (expected: > 0)");
        }
        tokens = new Token[capacity];
        ready = new int[capacity];
    }

    /** How many events the last poll reported. */
    public int size() {
        return size;
    }

    /** How many events fit before the list grows; native pollers ask the kernel for at most this many. */
    public int capacity() {
        return tokens.length;
    }

    /** The token of event {@code i}. */
    public Token token(int i) {
        return tokens[check(i)];
    }

    /** The ready flags of event {@code i}: a combination of {@link #READABLE}, {@link #WRITABLE}, {@link #ERROR}, {@link #HANGUP}. */
    public int readyFlags(int i) {
        return ready[check(i)];
    }

    /** Whether event {@code i} reports readable (or acceptable), error or hang-up: all of them mean "try a read". */
    public boolean isReadable(int i) {
        return (ready[check(i)] & (READABLE | ERROR | HANGUP)) != 0;
    }

    /** Whether event {@code i} reports writable (or connected), or an error that a write will surface. */
    public boolean isWritable(int i) {
        return (ready[check(i)] & (WRITABLE | ERROR)) != 0;
    }

    /** For pollers: forgets every event before a new poll. */
    public void clear() {
        Arrays.fill(tokens, 0, size, null);
        size = 0;
    }

    /** For pollers: appends one event, growing the list when full. */
    public void add(Token token, int readyFlags) {
        if (size == tokens.length) {
            tokens = Arrays.copyOf(tokens, size * 2);
            ready = Arrays.copyOf(ready, size * 2);
        }
        tokens[size] = token;
        ready[size] = readyFlags;
        size++;
    }

    private int check(int i) {
        if (i < 0 || i >= size) {
            throw new IndexOutOfBoundsException("event " + i + " of " + size);
        }
        return i;
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder("Events[");
        for (int i = 0; i < size; i++) {
            text.append(i == 0 ? "" : ", ").append(tokens[i].value()).append('=').append(ready[i]);
        }
        return text.append(']').toString();
    }
}
