package io.switchboard.limits;

import io.switchboard.access.AccessPolicy;
import java.time.Duration;

/**
 * Per-listener limits on connections.
 *
 * <p>At {@code maxConnections} or {@code maxConnectionsPerAddress} a new connection is accepted
 * and closed at once (the peer sees its connection end), counted as refused, and logged at
 * WARNING with the numbers. Accepting and closing, rather than leaving it in the kernel's
 * backlog, keeps the listener from stalling everybody behind one busy address.
 *
 * @param maxConnections           open connections on the listener (default 10 000)
 * @param maxConnectionsPerAddress open connections from one remote IP address (default 1 000;
 *                                 Unix sockets have no address and are counted in total only)
 * @param idleTimeout              close a connection that neither received nor sent a byte for
 *                                 this long; {@link Duration#ZERO} turns it off (default: off)
 * @param access                   who may connect ({@code --allow}/{@code --deny}); a refused peer is
 *                                 closed at accept, counted and logged like a peer over a limit
 * @param writeTimeout             close a connection whose queued output made no progress for this
 *                                 long — a peer that stopped reading (default 60 s; ZERO: off)
 * @param requestTimeout           close a connection that started a message (a frame, a line, a
 *                                 request) and did not finish it for this long, however slowly it
 *                                 keeps trickling bytes — slowloris (default 30 s; ZERO: off). Only
 *                                 protocols that report {@link io.switchboard.reactor.Protocol#unfinishedMessage()
 *                                 unfinished messages} are watched ({@code FramedProtocol} does).
 * @param onEmfile                 what accepting does when the process has no descriptor left
 *                                 (default {@link EmfilePolicy#PAUSE})
 */
public record ConnectionLimits(int maxConnections, int maxConnectionsPerAddress, Duration idleTimeout,
        Duration writeTimeout, AccessPolicy access, Duration requestTimeout, EmfilePolicy onEmfile) {

    /** The default request (slowloris) timeout: 30 s. */
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(30);

    /**
     * 10 000 connections, 1 000 per address, no idle timeout, 60 s write timeout, 30 s to finish a
     * started message, everyone admitted, accepting paused on EMFILE.
     */
    public static final ConnectionLimits DEFAULTS = new ConnectionLimits(10_000, 1_000, Duration.ZERO,
            Duration.ofSeconds(60), AccessPolicy.OPEN, DEFAULT_REQUEST_TIMEOUT, EmfilePolicy.PAUSE);

    /** Limits that admit everyone, with the default request timeout. */
    public ConnectionLimits(int maxConnections, int maxConnectionsPerAddress, Duration idleTimeout, Duration writeTimeout) {
        this(maxConnections, maxConnectionsPerAddress, idleTimeout, writeTimeout, AccessPolicy.OPEN);
    }

    /** Limits with the default request timeout and EMFILE policy. */
    public ConnectionLimits(int maxConnections, int maxConnectionsPerAddress, Duration idleTimeout, Duration writeTimeout,
            AccessPolicy access) {
        this(maxConnections, maxConnectionsPerAddress, idleTimeout, writeTimeout, access, DEFAULT_REQUEST_TIMEOUT,
                EmfilePolicy.PAUSE);
    }

    /** Validates every field; messages name the field and the value. */
    public ConnectionLimits {
        if (maxConnections <= 0) {
            throw new IllegalArgumentException("maxConnections: " + maxConnections + " (expected: > 0)");
        }
        if (maxConnectionsPerAddress <= 0) {
            throw new IllegalArgumentException("maxConnectionsPerAddress: " + maxConnectionsPerAddress
                    + " (expected: > 0)");
        }
        if (idleTimeout == null || idleTimeout.isNegative()) {
            throw new IllegalArgumentException("idleTimeout: " + idleTimeout + " (expected: >= 0, 0 = off)");
        }
        if (writeTimeout == null || writeTimeout.isNegative()) {
            throw new IllegalArgumentException("writeTimeout: " + writeTimeout + " (expected: >= 0, 0 = off)");
        }
        if (requestTimeout == null || requestTimeout.isNegative()) {
            throw new IllegalArgumentException("requestTimeout: " + requestTimeout + " (expected: >= 0, 0 = off)");
        }
        if (access == null) {
            throw new IllegalArgumentException("access: null (expected: a policy, e.g. AccessPolicy.OPEN)");
        }
        if (onEmfile == null) {
            throw new IllegalArgumentException("onEmfile: null (expected: PAUSE or RESERVE)");
        }
    }

    /** These limits with another total cap. */
    public ConnectionLimits withMaxConnections(int max) {
        return new ConnectionLimits(max, maxConnectionsPerAddress, idleTimeout, writeTimeout, access,
                requestTimeout, onEmfile);
    }

    /** These limits with another per-address cap. */
    public ConnectionLimits withMaxConnectionsPerAddress(int max) {
        return new ConnectionLimits(maxConnections, max, idleTimeout, writeTimeout, access, requestTimeout, onEmfile);
    }

    /** These limits with another idle timeout (ZERO: off). */
    public ConnectionLimits withIdleTimeout(Duration timeout) {
        return new ConnectionLimits(maxConnections, maxConnectionsPerAddress, timeout, writeTimeout, access,
                requestTimeout, onEmfile);
    }

    /** These limits with another write timeout (ZERO: off). */
    public ConnectionLimits withWriteTimeout(Duration timeout) {
        return new ConnectionLimits(maxConnections, maxConnectionsPerAddress, idleTimeout, timeout, access,
                requestTimeout, onEmfile);
    }

    /** These limits with another request (slowloris) timeout (ZERO: off). */
    public ConnectionLimits withRequestTimeout(Duration timeout) {
        return new ConnectionLimits(maxConnections, maxConnectionsPerAddress, idleTimeout, writeTimeout, access,
                timeout, onEmfile);
    }

    /** These limits with another access policy (checked at accept, before any other limit). */
    public ConnectionLimits withAccess(AccessPolicy policy) {
        return new ConnectionLimits(maxConnections, maxConnectionsPerAddress, idleTimeout, writeTimeout, policy,
                requestTimeout, onEmfile);
    }

    /** These limits with another policy for accept under descriptor exhaustion. */
    public ConnectionLimits withOnEmfile(EmfilePolicy policy) {
        return new ConnectionLimits(maxConnections, maxConnectionsPerAddress, idleTimeout, writeTimeout, access,
                requestTimeout, policy);
    }
}
