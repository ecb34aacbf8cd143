package io.switchboard.server;

/**
 * Handles one request: socketserver's {@code BaseRequestHandler}. A new handler is made for every
 * request; the server calls {@link #setup}, {@link #handle}, then {@link #finish} — always, even
 * when {@code setup} or {@code handle} throws (Python skips {@code finish} then; here it cleans up
 * either way). An exception goes to {@link BaseServer#handleError} and the server serves on.
 *
 * <p>Thread-safety: one handler is used by one thread.
 */
public interface RequestHandler {

    /** Prepares for {@link #handle}; the stream and datagram handlers open their streams here. */
    default void setup() throws Exception {
    }

    /** Serves the request. */
    void handle() throws Exception;

    /**
     * The server is closing while this request runs (called from the closing thread): finish
     * soon. Default: nothing; the protocol adapter asks its protocol to say goodbye.
     */
    default void serverStopping() {
    }

    /** Cleans up after {@link #handle}; runs even when it threw. */
    default void finish() throws Exception {
    }
}
