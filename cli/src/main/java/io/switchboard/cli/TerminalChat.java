package io.switchboard.cli;

import io.switchboard.services.chat.TerminalText;
import java.io.IOException;
import java.io.PrintStream;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;

/**
 * The interactive session of {@code switchboard chat} on a terminal, with JLine: the input line
 * has editing and history, and lines received are printed above it
 * ({@link LineReader#printAbove(String)}) without disturbing what is being typed.
 *
 * <p>Ctrl-D, Ctrl-C or {@code /quit} leave: {@code /quit} is sent, what the server still says
 * is printed for up to the linger time, then the connection closes (status 0). When the server
 * closes the connection, {@code (disconnected: REASON)} goes to standard error and
 * {@code Reconnect? [Y/n]} is asked; yes connects again (the connector sends {@code /nick} again),
 * no leaves with status 3.
 *
 * <p>Waking the input: a lost connection interrupts the thread blocked in
 * {@link LineReader#readLine}, which JLine turns into a {@link UserInterruptException}, the
 * exception Ctrl-C raises too; {@link ChatConnection#lost()} tells the two apart. One session per
 * instance, run by the thread that calls {@link #run}.
 */
final class TerminalChat {

    /** Opens a connection and introduces the user (sends {@code /nick}). */
    interface Connector {
        ChatConnection connect() throws IOException;
    }

    private final LineReader reader;
    private final Connector connector;
    private final String endpoint;
    private final PrintStream err;
    private final long lingerMillis;
    private final Thread readingThread = Thread.currentThread();
    private final Object watchLock = new Object();
    /** The connection whose loss may interrupt {@link #readingThread}; guarded by watchLock. */
    private ChatConnection watched;

    private TerminalChat(LineReader reader, Connector connector, String endpoint, PrintStream err, long lingerMillis) {
        this.reader = reader;
        this.connector = connector;
        this.endpoint = endpoint;
        this.err = err;
        this.lingerMillis = lingerMillis;
    }

    /**
     * Runs sessions on the system terminal until the user leaves, and returns the exit status. If
     * JLine can only offer a dumb terminal (no line editing), runs {@code plain} instead.
     */
    static int run(ChatConnection first, Connector connector, String endpoint, PrintStream err, long lingerMillis,
            Callable<Integer> plain) throws Exception {
        Terminal terminal = TerminalBuilder.builder().system(true).name("switchboard chat").build();
        if (Terminal.TYPE_DUMB.equals(terminal.getType()) || Terminal.TYPE_DUMB_COLOR.equals(terminal.getType())) {
            terminal.close();
            return plain.call();
        }
        try (terminal) {
            LineReader reader = LineReaderBuilder.builder()
                    .terminal(terminal)
                    .appName("switchboard-chat")
                    // "!" and "\" are chat text, not history expansion and escapes
                    .option(LineReader.Option.DISABLE_EVENT_EXPANSION, true)
                    .build();
            return new TerminalChat(reader, connector, endpoint, err, lingerMillis).run(first);
        }
    }

    private int run(ChatConnection first) {
        ChatConnection connection = first;
        while (true) {
            String reason = converse(connection);
            if (reason == null) {
                return ChatCommand.EXIT_LEFT;
            }
            err.println("(disconnected: " + reason + ")");
            connection = reconnect();
            if (connection == null) {
                return ChatCommand.EXIT_LOST;
            }
        }
    }

    /** One connection's conversation: null when the user left, else why the connection was lost. */
    private String converse(ChatConnection connection) {
        try (connection) {
            watch(connection);
            connection.lost().thenRun(() -> wake(connection));
            connection.startReceiving(line -> reader.printAbove(TerminalText.clean(line)));
            while (!connection.lost().isDone()) {
                String line;
                try {
                    line = reader.readLine("> ");
                } catch (UserInterruptException e) {
                    if (connection.lost().isDone()) {
                        break; // woken by the loss, not by Ctrl-C
                    }
                    leave(connection, "/quit");
                    return null;
                } catch (EndOfFileException e) {
                    leave(connection, "/quit");
                    return null;
                }
                if (line.isBlank()) {
                    continue;
                }
                if (ChatCommand.isQuit(line)) {
                    leave(connection, line);
                    return null;
                }
                try {
                    connection.send(line);
                } catch (IOException e) {
                    break; // connection.lost() has completed and tells why
                }
            }
            unwatch();
            return connection.lost().join();
        }
    }

    /** Sends the quit line, prints what still comes for up to the linger time; the caller closes. */
    private void leave(ChatConnection connection, String quitLine) {
        unwatch();
        try {
            connection.send(quitLine);
            connection.finishSending();
            connection.lost().get(lingerMillis, TimeUnit.MILLISECONDS);
        } catch (IOException | TimeoutException | ExecutionException | InterruptedException e) {
            // leaving anyway; the connection is closed next
        }
    }

    /** Asks until connected again; null when the user declines. */
    private ChatConnection reconnect() {
        while (true) {
            String answer;
            reader.setVariable(LineReader.DISABLE_HISTORY, true); // the answer is not chat input
            try {
                answer = reader.readLine("Reconnect? [Y/n] ");
            } catch (UserInterruptException | EndOfFileException e) {
                return null;
            } finally {
                reader.setVariable(LineReader.DISABLE_HISTORY, false);
            }
            String word = answer.strip().toLowerCase(Locale.ROOT);
            if (!word.isEmpty() && !word.startsWith("y")) {
                return null;
            }
            try {
                return connector.connect();
            } catch (IOException e) {
                err.println("chat: cannot connect to " + endpoint + ": " + e.getMessage());
            }
        }
    }

    private void watch(ChatConnection connection) {
        synchronized (watchLock) {
            watched = connection;
        }
    }

    /** After this, no loss interrupts the reading thread, and a pending interrupt is cleared. */
    private void unwatch() {
        synchronized (watchLock) {
            watched = null;
        }
        Thread.interrupted();
    }

    private void wake(ChatConnection connection) {
        synchronized (watchLock) {
            if (watched == connection) {
                readingThread.interrupt();
            }
        }
    }
}
