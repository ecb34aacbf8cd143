package io.switchboard.codec;

/**
 * A frame exceeds the framer's maximum, e.g.
 * {@code line length (70000) exceeds the allowed maximum (65536)}. Raised as soon as the excess is
 * known — before the frame's remaining bytes are buffered.
 */
public final class TooLongFrameException extends FrameException {

    private static final long serialVersionUID = 1L;

    private final long length;
    private final long maximum;

    /** {@code what} names the frame kind ("line", "frame"); {@code length} is as much of it as is known. */
    public TooLongFrameException(String what, long length, long maximum, boolean atLeast) {
        super(what + " length (" + (atLeast ? "at least " : "") + length + ") exceeds the allowed maximum ("
                + maximum + ")");
        this.length = length;
        this.maximum = maximum;
    }

    /** The frame's length, or as much of it as had arrived. */
    public long length() {
        return length;
    }

    /** The limit it exceeded. */
    public long maximum() {
        return maximum;
    }
}
