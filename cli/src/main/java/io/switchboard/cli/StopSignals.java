package io.switchboard.cli;

import sun.misc.Signal;

/**
 * Turns SIGINT (Ctrl-C) and SIGTERM into a call, so {@code serve} can stop gracefully and exit
 * with status 0 instead of the JVM's 130/143.
 *
 * <p>{@code sun.misc.Signal} (module jdk.unsupported) is the JDK's only way to handle a signal
 * rather than run shutdown hooks after it; it is supported on JDK 25.
 */
final class StopSignals {

    private StopSignals() {
    }

    static void install(Runnable onStop) {
        for (String name : new String[] {"INT", "TERM"}) {
            try {
                Signal.handle(new Signal(name), signal -> onStop.run());
            } catch (IllegalArgumentException unavailable) {
                // e.g. SIGINT ignored by a non-interactive parent shell: SIGTERM still works
            }
        }
    }
}
