package io.switchboard.services.files;

/**
 * Told how a {@code put} or {@code get} of a {@link FilesClient} goes, for progress displays.
 * Events come on the thread that called the client, in order: {@link #transferStarted} once the
 * server has said where the bytes start, then {@link #bytesTransferred} as they move. A download
 * that must start again (the file changed on the server) begins again with {@code transferStarted}.
 *
 * <p>Implementations should return quickly: the transfer waits for them.
 */
public interface TransferListener {

    /** A listener that ignores every event. */
    TransferListener NONE = new TransferListener() {
    };

    /**
     * The bytes are about to move.
     *
     * @param name   the file's name on the server
     * @param size   the whole file's size in bytes
     * @param offset where this transfer starts: above 0 when it resumes an earlier one
     */
    default void transferStarted(String name, long size, long offset) {
    }

    /**
     * More bytes moved.
     *
     * @param position how many bytes of the file are now transferred, counting from byte 0
     *                 (so it starts at the offset and ends at the size)
     */
    default void bytesTransferred(long position) {
    }
}
