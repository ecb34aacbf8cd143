package io.switchboard.endpoint;

/**
 * Text that is not a valid endpoint. The message quotes the text, says what is wrong with it and
 * shows a valid example, e.g.
 * {@code bad endpoint 'tcp://localhost': missing port (example: tcp://127.0.0.1:7777)}.
 */
public final class EndpointFormatException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final String text;

    /** Creates the exception for {@code text}; {@code problem} says what is wrong with it. */
    public EndpointFormatException(String text, String problem, String example) {
        super("bad endpoint '" + text + "': " + problem + " (example: " + example + ")");
        this.text = text;
    }

    /** The text that failed to parse, as given. */
    public String text() {
        return text;
    }
}
