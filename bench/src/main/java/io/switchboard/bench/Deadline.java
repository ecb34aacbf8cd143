package io.switchboard.bench;

import java.time.Duration;

/**
 * Bounds a blocking transfer in time: unless it is closed first, closes its target (a socket, a
 * client) once the time is up, so a blocked read or write fails at once instead of hanging.
 *
 * <p>Thread-safe: the watchdog is its own virtual thread; {@link #close()} stops it.
 */
final class Deadline implements AutoCloseable {

    private final Thread watchdog;

    private Deadline(Thread watchdog) {
        this.watchdog = watchdog;
    }

    /** Closes {@code target} after {@code seconds}, unless this deadline is closed before. */
    static Deadline closing(AutoCloseable target, long seconds) {
        return new Deadline(Thread.ofVirtual().name("deadline").start(() -> {
            try {
                Thread.sleep(Duration.ofSeconds(seconds));
            } catch (InterruptedException done) {
                return;
            }
            System.err.println("deadline: " + seconds + " s passed; closing " + target);
            try {
                target.close();
            } catch (Exception e) {
                System.err.println("deadline: closing " + target + ": " + e);
            }
        }));
    }

    /** The transfer ended in time: the watchdog stops. */
    @Override
    public void close() {
        watchdog.interrupt();
    }
}
