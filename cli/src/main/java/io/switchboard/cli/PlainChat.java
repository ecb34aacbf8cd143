package io.switchboard.cli;

import io.switchboard.services.chat.TerminalText;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The scriptable session of {@code switchboard chat}, used when standard input is not a terminal
 * (or with {@code --plain}): each input line is sent as it is read, each line received is printed
 * on standard output as it arrives.
 *
 * <p>The session ends in one of two ways:
 * <ul>
 *   <li>the input ends, or a {@code /quit} line has been sent: nothing more is sent, the client
 *       half-closes and prints what still comes for up to the linger time, then closes. Status 0.
 *   <li>the server closes the connection first: {@code (disconnected: REASON)} on standard error,
 *       status 3, with no offer to reconnect (there is nobody to ask).
 * </ul>
 *
 * <p>Blank input lines are not sent. One session per instance, run by one thread.
 */
final class PlainChat {

    private final ChatConnection connection;
    private final BufferedReader input;
    private final PrintStream out;
    private final PrintStream err;
    private final long lingerMillis;
    private final CompletableFuture<Void> inputEnded = new CompletableFuture<>();
    private volatile boolean quitSent;

    PlainChat(ChatConnection connection, BufferedReader input, PrintStream out, PrintStream err, long lingerMillis) {
        this.connection = connection;
        this.input = input;
        this.out = out;
        this.err = err;
        this.lingerMillis = lingerMillis;
    }

    /** Runs the session to its end, closes the connection and returns the exit status. */
    int run() throws InterruptedException {
        try (connection) {
            connection.startReceiving(line -> out.println(TerminalText.clean(line)));
            // stdin is read on its own thread so that a lost connection ends the session even
            // while the input is silent (a pipe from a program that writes rarely)
            Thread.ofPlatform().daemon().name("chat-input").start(this::sendInput);
            CompletableFuture.anyOf(inputEnded, connection.lost()).join();
            if (!inputEnded.isDone() && !quitSent) {
                err.println("(disconnected: " + connection.lost().join() + ")");
                return ChatCommand.EXIT_LOST;
            }
            connection.finishSending();
            try {
                connection.lost().get(lingerMillis, TimeUnit.MILLISECONDS);
            } catch (TimeoutException | ExecutionException e) {
                // the server keeps the connection open: closing it is ours to do
            }
            return ChatCommand.EXIT_LEFT;
        }
    }

    private void sendInput() {
        String line;
        while (true) {
            try {
                line = input.readLine();
            } catch (IOException e) {
                line = null; // unreadable input ends it like end of file
            }
            if (line == null) {
                break;
            }
            if (line.isBlank()) {
                continue;
            }
            boolean quit = ChatCommand.isQuit(line);
            quitSent |= quit; // before sending: the server may close before send() returns
            try {
                connection.send(line);
            } catch (IOException e) {
                return; // connection.lost() has completed and tells why
            }
            if (quit) {
                break;
            }
        }
        inputEnded.complete(null);
    }
}
