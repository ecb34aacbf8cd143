package io.switchboard.server;

/**
 * How a server runs each request: the mixins of Python's socketserver as one closed choice.
 *
 * <ul>
 *   <li>{@link Iterative}: on the serving thread, one request at a time ({@code TCPServer}).</li>
 *   <li>{@link Threads}: on a bounded pool of platform threads ({@code ThreadingMixIn}, but bounded).
 *       When every thread is busy the serving thread waits for one to come free: new connections
 *       wait in the kernel's listen backlog rather than in an unbounded queue in memory, and a
 *       flood slows accepting instead of exhausting the process.</li>
 *   <li>{@link Virtual}: a new virtual thread per request: thread-per-connection code at the scale
 *       of tens of thousands of connections.</li>
 * </ul>
 * Worker processes ({@code ForkingMixIn}) are {@link PreforkSupervisor}'s job: Java cannot fork.
 */
public sealed interface Dispatch {

    /** One at a time, on the serving thread. */
    record Iterative() implements Dispatch {
    }

    /**
     * A bounded pool of platform threads.
     *
     * @param maxThreads requests handled at once; more wait (see the interface comment)
     */
    record Threads(int maxThreads) implements Dispatch {
        /** Validates the bound. */
        public Threads {
            if (maxThreads <= 0) {
                throw new IllegalArgumentException("maxThreads: " + maxThreads + " (expected: > 0)");
            }
        }
    }

    /** A virtual thread per request. */
    record Virtual() implements Dispatch {
    }

    /** {@link Iterative}. */
    static Dispatch iterative() {
        return new Iterative();
    }

    /** {@link Threads} with at most {@code maxThreads} at once. */
    static Dispatch threads(int maxThreads) {
        return new Threads(maxThreads);
    }

    /** {@link Virtual}. */
    static Dispatch virtual() {
        return new Virtual();
    }
}
