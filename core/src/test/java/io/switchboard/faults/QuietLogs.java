package io.switchboard.faults;

import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Raises one logger's level for the length of a fault test: a thousand hostile connections each
 * closed with an INFO line would bury the test's output. The server still logs them in real use.
 */
public final class QuietLogs implements AutoCloseable {

    private final Logger logger; // held: java.util.logging keeps loggers weakly
    private final Level before;

    private QuietLogs(Logger logger) {
        this.logger = logger;
        this.before = logger.getLevel();
        logger.setLevel(Level.WARNING);
    }

    /** Only WARNING and above from {@code loggerName} until closed. */
    public static QuietLogs below(String loggerName) {
        return new QuietLogs(Logger.getLogger(loggerName));
    }

    @Override
    public void close() {
        logger.setLevel(before);
    }
}
