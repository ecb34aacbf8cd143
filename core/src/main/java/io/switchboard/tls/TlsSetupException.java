package io.switchboard.tls;

/**
 * TLS cannot be set up: a missing or malformed PEM file, a key that does not match its
 * certificate, {@code keytool} failing. The message names the file or the command.
 */
public final class TlsSetupException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    /** With a message naming what is wrong. */
    public TlsSetupException(String message) {
        super(message);
    }

    /** With a message naming what is wrong, and the underlying failure. */
    public TlsSetupException(String message, Throwable cause) {
        super(message, cause);
    }
}
