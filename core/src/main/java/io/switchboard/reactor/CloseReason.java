package io.switchboard.reactor;

import java.io.IOException;

/**
 * Why a connection ended, handed to {@link Protocol#connectionLost}: Twisted's {@code reason},
 * as a closed set of cases a {@code switch} can cover.
 *
 * <p>Instances are immutable.
 */
public sealed interface CloseReason {

    /** A short sentence for logs, e.g. {@code "timed out: idle for 30s"}. */
    String describe();

    /** Closed in order: by this side ({@code loseConnection}) or by the peer's end of stream. */
    record Clean() implements CloseReason {
        @Override
        public String describe() {
            return "closed cleanly";
        }
    }

    /** The connection failed: reset by the peer, broken pipe, connect refused, ... */
    record Lost(IOException cause) implements CloseReason {
        @Override
        public String describe() {
            return "lost: " + (cause.getMessage() != null ? cause.getMessage() : cause.getClass().getSimpleName());
        }
    }

    /** A timer ran out (idle, read, write, linger, shutdown deadline). */
    record TimedOut(String what) implements CloseReason {
        @Override
        public String describe() {
            return "timed out: " + what;
        }
    }

    /** A policy refused the connection (access list, connection limit, factory returned null). */
    record Refused(String policy) implements CloseReason {
        @Override
        public String describe() {
            return "refused: " + policy;
        }
    }

    /** The peer broke the protocol (oversize or malformed frame); the message has the numbers. */
    record ProtocolError(String message) implements CloseReason {
        @Override
        public String describe() {
            return "protocol error: " + message;
        }
    }

    /** The write queue passed its hard limit: the peer does not read what it is sent. */
    record Overloaded(String message) implements CloseReason {
        @Override
        public String describe() {
            return "overloaded: " + message;
        }
    }

    /** Closed by this side without flushing ({@code abortConnection}), or by a stop past its deadline. */
    record Aborted(String why) implements CloseReason {
        @Override
        public String describe() {
            return "aborted: " + why;
        }
    }

    /** The protocol threw; the connection was closed so the others keep being served. */
    record Failed(Throwable error) implements CloseReason {
        @Override
        public String describe() {
            return "protocol failed: " + error;
        }
    }
}
