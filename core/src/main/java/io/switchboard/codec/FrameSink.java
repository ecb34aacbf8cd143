package io.switchboard.codec;

import java.nio.ByteBuffer;

/**
 * Receives the frames a {@link Framer} finds.
 *
 * <p>The frame buffer is lent: its remaining bytes are the frame, and it is valid only during the
 * call (it may be a view of the caller's read buffer). Copy what must be kept. Called on the
 * decoding thread.
 */
@FunctionalInterface
public interface FrameSink {

    /** One whole frame, without its delimiter or length prefix (unless the framer was told to keep it). */
    void frameReceived(ByteBuffer frame);
}
