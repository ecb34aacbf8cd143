package io.switchboard.io;

/**
 * The caller's name for one registration, handed back by {@link Events} when the socket is ready.
 *
 * <p>A poller never interprets the value. The reactor uses it as an index into its table of
 * handlers, so lookups on the hot path are an array access.
 *
 * @param value any value the caller chooses; unique among the live registrations of one poller
 */
public record Token(long value) {
}
