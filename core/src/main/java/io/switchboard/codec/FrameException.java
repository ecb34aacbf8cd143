package io.switchboard.codec;

import java.io.IOException;

/**
 * The peer sent bytes that are not a valid frame. An {@link IOException}: it comes from the
 * network, not from a programming mistake, and it ends that one connection.
 */
public abstract sealed class FrameException extends IOException permits TooLongFrameException, CorruptFrameException {

    private static final long serialVersionUID = 1L;

    FrameException(String message) {
        super(message);
    }
}
