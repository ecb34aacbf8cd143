package io.switchboard.codec;

/** Bytes that cannot form a frame: a negative length, a stream that ended inside a frame. */
public final class CorruptFrameException extends FrameException {

    private static final long serialVersionUID = 1L;

    /** With a message that says what was wrong, with the numbers. */
    public CorruptFrameException(String message) {
        super(message);
    }
}
