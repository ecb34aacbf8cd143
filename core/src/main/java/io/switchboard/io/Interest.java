package io.switchboard.io;

/**
 * Which readiness a registration waits for: readable, writable, both, or neither.
 *
 * <p>For a listening socket "readable" means a connection is waiting to be accepted; for a stream
 * socket whose connect is in progress "writable" means the connect finished (successfully or not).
 * {@link #NONE} keeps a registration alive without events, which is how reading is paused while
 * nothing waits to be written.
 *
 * <p>The four values are the only instances; compare with {@code ==} or {@code equals}.
 */
public record Interest(boolean readable, boolean writable) {

    /** No events; the registration stays. */
    public static final Interest NONE = new Interest(false, false);
    /** Readable (or acceptable) only. */
    public static final Interest READABLE = new Interest(true, false);
    /** Writable (or connected) only. */
    public static final Interest WRITABLE = new Interest(false, true);
    /** Readable and writable. */
    public static final Interest BOTH = new Interest(true, true);

    /** The shared instance for the given flags; never allocates. */
    public static Interest of(boolean readable, boolean writable) {
        if (readable) {
            return writable ? BOTH : READABLE;
        }
        return writable ? WRITABLE : NONE;
    }

    /** This interest with readable set or cleared. */
    public Interest withReadable(boolean on) {
        return of(on, writable);
    }

    /** This interest with writable set or cleared. */
    public Interest withWritable(boolean on) {
        return of(readable, on);
    }

    @Override
    public String toString() {
        return readable ? (writable ? "READABLE|WRITABLE" : "READABLE") : (writable ? "WRITABLE" : "NONE");
    }
}
