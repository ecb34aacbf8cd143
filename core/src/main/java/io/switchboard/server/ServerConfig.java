package io.switchboard.server;

import io.switchboard.access.AccessPolicy;
import io.switchboard.limits.EmfilePolicy;
import io.switchboard.metrics.TrafficStats;
import java.time.Duration;

/**
 * How a blocking server runs. Every field has a default ({@link #DEFAULTS}); change one with the
 * {@code with...} methods.
 *
 * @param dispatch       how requests run (default {@link Dispatch.Threads} with 64 threads)
 * @param backlog        the listen backlog (default 1024; Python's is 5)
 * @param reuseAddress   SO_REUSEADDR, Python's {@code allow_reuse_address} (default true)
 * @param reusePort      SO_REUSEPORT, for worker processes sharing a port (default false)
 * @param timeout        how long {@link BaseServer#handleRequest()} waits before
 *                       {@link BaseServer#handleTimeout()}; ZERO waits forever (default ZERO,
 *                       Python's {@code timeout = None})
 * @param readTimeout    how long a handler's read may wait (default 5 minutes; ZERO: forever)
 * @param shutdownGrace  how long {@link BaseServer#close()} waits for requests in flight before
 *                       interrupting them (Python's {@code block_on_close}; default 5 s)
 * @param access         who may connect ({@link BaseServer#verifyRequest}); default everyone
 * @param onEmfile       what a stream server's accept does when the process has no descriptor left
 *                       (default {@link EmfilePolicy#PAUSE})
 * @param requestTimeout close a {@link ProtocolHandler} connection whose protocol reports the same
 *                       {@link io.switchboard.reactor.Protocol#unfinishedMessage() unfinished message}
 *                       this long (slowloris), checked as each read returns; a peer that goes silent
 *                       meets the read timeout instead (default 30 s; ZERO: off)
 * @param stats          the counters the server counts into — several servers of one service can
 *                       share one set, as the status page and {@code /metrics} show them; null (the
 *                       default): a fresh set of its own ({@link BaseServer#stats()})
 */
public record ServerConfig(Dispatch dispatch, int backlog, boolean reuseAddress, boolean reusePort, Duration timeout,
        Duration readTimeout, Duration shutdownGrace, AccessPolicy access, EmfilePolicy onEmfile,
        Duration requestTimeout, TrafficStats stats) {

    /** The defaults listed above. */
    public static final ServerConfig DEFAULTS = new ServerConfig(Dispatch.threads(64), 1024, true, false, Duration.ZERO,
            Duration.ofMinutes(5), Duration.ofSeconds(5), AccessPolicy.OPEN, EmfilePolicy.PAUSE, Duration.ofSeconds(30),
            null);

    /** Validates every field; messages name the field and the value. */
    public ServerConfig {
        if (dispatch == null) {
            throw new IllegalArgumentException("dispatch: null (expected: iterative, threads or virtual)");
        }
        if (backlog <= 0) {
            throw new IllegalArgumentException("backlog: " + backlog + " (expected: > 0)");
        }
        for (Duration d : new Duration[] {timeout, readTimeout, shutdownGrace, requestTimeout}) {
            if (d == null || d.isNegative()) {
                throw new IllegalArgumentException("timeouts must be >= 0, got " + d);
            }
        }
        if (access == null) {
            throw new IllegalArgumentException("access: null (expected: a policy, e.g. AccessPolicy.OPEN)");
        }
        if (onEmfile == null) {
            throw new IllegalArgumentException("onEmfile: null (expected: PAUSE or RESERVE)");
        }
    }

    /** With another dispatch. */
    public ServerConfig withDispatch(Dispatch value) {
        return new ServerConfig(value, backlog, reuseAddress, reusePort, timeout, readTimeout, shutdownGrace, access, onEmfile,
                requestTimeout, stats);
    }

    /** With another handleRequest timeout. */
    public ServerConfig withTimeout(Duration value) {
        return new ServerConfig(dispatch, backlog, reuseAddress, reusePort, value, readTimeout, shutdownGrace, access, onEmfile,
                requestTimeout, stats);
    }

    /** With another read timeout for handlers. */
    public ServerConfig withReadTimeout(Duration value) {
        return new ServerConfig(dispatch, backlog, reuseAddress, reusePort, timeout, value, shutdownGrace, access, onEmfile,
                requestTimeout, stats);
    }

    /** With another grace period for requests in flight at close. */
    public ServerConfig withShutdownGrace(Duration value) {
        return new ServerConfig(dispatch, backlog, reuseAddress, reusePort, timeout, readTimeout, value, access, onEmfile,
                requestTimeout, stats);
    }

    /** With an access policy. */
    public ServerConfig withAccess(AccessPolicy value) {
        return new ServerConfig(dispatch, backlog, reuseAddress, reusePort, timeout, readTimeout, shutdownGrace, value, onEmfile,
                requestTimeout, stats);
    }

    /** With SO_REUSEPORT on or off. */
    public ServerConfig withReusePort(boolean value) {
        return new ServerConfig(dispatch, backlog, reuseAddress, value, timeout, readTimeout, shutdownGrace, access, onEmfile,
                requestTimeout, stats);
    }

    /** With another backlog. */
    public ServerConfig withBacklog(int value) {
        return new ServerConfig(dispatch, value, reuseAddress, reusePort, timeout, readTimeout, shutdownGrace, access, onEmfile,
                requestTimeout, stats);
    }

    /** With another policy for accept under descriptor exhaustion. */
    public ServerConfig withOnEmfile(EmfilePolicy value) {
        return new ServerConfig(dispatch, backlog, reuseAddress, reusePort, timeout, readTimeout, shutdownGrace, access, value,
                requestTimeout, stats);
    }

    /** With another request (slowloris) timeout; ZERO: off. */
    public ServerConfig withRequestTimeout(Duration value) {
        return new ServerConfig(dispatch, backlog, reuseAddress, reusePort, timeout, readTimeout, shutdownGrace, access, onEmfile,
                value, stats);
    }

    /** Counting into {@code value} (shared by several servers), or into fresh counters of its own (null). */
    public ServerConfig withStats(TrafficStats value) {
        return new ServerConfig(dispatch, backlog, reuseAddress, reusePort, timeout, readTimeout, shutdownGrace, access, onEmfile,
                requestTimeout, value);
    }
}
