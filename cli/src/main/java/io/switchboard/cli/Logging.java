package io.switchboard.cli;

import java.util.logging.ConsoleHandler;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

/**
 * Sets up {@code java.util.logging} (the backend of {@code System.Logger}) for the command line:
 * one line per event on stderr, {@code 16:35:02 WARNING io.switchboard.reactor.Acceptor: ...};
 * INFO by default, FINE with {@code --verbose}.
 */
final class Logging {

    private static final String FORMAT = "%1$tT %4$s %3$s: %5$s%6$s%n";

    private Logging() {
    }

    static void configure() {
        System.setProperty("java.util.logging.SimpleFormatter.format", FORMAT);
        LogManager.getLogManager().reset();
        Logger root = Logger.getLogger("");
        Handler handler = new ConsoleHandler(); // stderr
        handler.setFormatter(new SimpleFormatter());
        handler.setLevel(Level.ALL);
        root.addHandler(handler);
        root.setLevel(Level.INFO);
    }

    static void verbose(boolean on) {
        Logger.getLogger("io.switchboard").setLevel(on ? Level.FINE : Level.INFO);
    }
}
