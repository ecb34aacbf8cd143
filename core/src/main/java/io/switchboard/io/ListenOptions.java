package io.switchboard.io;

/**
 * How a listening or datagram socket is opened.
 *
 * @param backlog      the kernel's queue of connections not yet accepted ({@code listen(2)}'s
 *                     backlog); default 1024, capped by {@code net.core.somaxconn}
 * @param reuseAddress SO_REUSEADDR: rebind a port still in TIME_WAIT; default {@code true}, as
 *                     Python's {@code allow_reuse_address} servers do
 * @param reusePort    SO_REUSEPORT: let several sockets (processes) bind the same port and have
 *                     the kernel spread connections; default {@code false}
 */
public record ListenOptions(int backlog, boolean reuseAddress, boolean reusePort) {

    /** Backlog 1024, SO_REUSEADDR on, SO_REUSEPORT off. */
    public static final ListenOptions DEFAULTS = new ListenOptions(1024, true, false);

    /** Validates the backlog. */
    public ListenOptions {
        if (backlog <= 0) {
            throw new IllegalArgumentException("backlog: " + backlog + " (expected: > 0)");
        }
    }

    /** These options with SO_REUSEPORT set as given. */
    public ListenOptions withReusePort(boolean on) {
        return new ListenOptions(backlog, reuseAddress, on);
    }
}
