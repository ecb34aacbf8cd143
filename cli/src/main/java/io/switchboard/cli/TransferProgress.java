package io.switchboard.cli;

import io.switchboard.services.files.TransferListener;
import java.io.PrintWriter;

/**
 * How {@code put} and {@code get} show a transfer while it runs: a progress bar on a terminal
 * ({@link TerminalProgress}), plain lines otherwise ({@link PlainProgress}). The result line
 * ({@link TransferSummary}) is printed by the command, either way.
 *
 * <p>Used by one thread at a time.
 */
interface TransferProgress extends TransferListener, AutoCloseable {

    /** The transfer stopped (failed, or about to be retried): clear the display. */
    void interrupted();

    /** The display is done with. */
    @Override
    void close();

    /**
     * A display for one file.
     *
     * @param terminal    whether to draw a progress bar (on stderr) rather than print lines (on {@code out})
     * @param description what the start line says before the size: {@code put photo.jpg as photo.jpg}
     * @param direction   {@code to tcp://...} or {@code from tcp://... into copy.jpg}
     */
    static TransferProgress create(boolean terminal, String description, String direction, PrintWriter out) {
        return terminal ? new TerminalProgress() : new PlainProgress(description, direction, out, System::nanoTime);
    }
}
