package io.switchboard.codec;

import java.nio.ByteBuffer;

/**
 * Turns a byte stream, read by read, into whole frames. A pure state machine: feed it every read
 * in order with {@link #decode}, and {@link #endOfStream} when the stream ends.
 *
 * <p>Not thread-safe: one framer per connection. After it has thrown a {@link FrameException} it
 * is failed for good; the connection should be closed.
 */
public interface Framer {

    /**
     * Consumes all of {@code in} (its position moves to its limit), calling {@code sink} once per
     * whole frame found, in order, and keeping an incomplete tail for the next call.
     *
     * @throws TooLongFrameException as soon as a frame is known to exceed the maximum
     * @throws CorruptFrameException when the bytes cannot be a frame (e.g. a negative length)
     * @throws IllegalStateException if the framer already failed
     */
    void decode(ByteBuffer in, FrameSink sink) throws FrameException;

    /**
     * The stream ended. Framers whose format allows it deliver what is left (a last line without
     * its newline); others report a frame cut short.
     *
     * @throws CorruptFrameException if the stream ended inside a frame that cannot be delivered
     */
    void endOfStream(FrameSink sink) throws FrameException;

    /** Bytes held for an incomplete frame; never more than the maximum frame size plus its framing. */
    int buffered();
}
