package io.switchboard.cli;

import io.switchboard.services.chat.TerminalText;
import io.switchboard.endpoint.Endpoint;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * One connection of {@code switchboard chat} to a chat server: a TCP or Unix stream carrying UTF-8
 * lines, each ended by {@code "\n"}.
 *
 * <p>Only {@code "\n"} ends a line (a {@code "\r"} before it is dropped): a lone {@code "\r"} from
 * the server stays inside its line, where {@link TerminalText} removes it, so that it cannot
 * start what looks like a line from someone else. A line longer than {@value #MAX_LINE_CHARS}
 * characters is cut there and its rest discarded, so a server cannot exhaust the client's memory.
 *
 * <p>Lines are received by a daemon thread started with {@link #startReceiving}, which hands each
 * one, raw, to a callback; when the stream ends {@link #lost()} completes with the reason, in
 * words. {@link #send} may be called from any thread (each line is written whole).
 */
final class ChatConnection implements AutoCloseable {

    /** The longest line kept whole; the rest of a longer line is discarded. */
    static final int MAX_LINE_CHARS = 64 * 1024;

    private final StreamConnection connection;
    private final BufferedReader fromServer;
    private final OutputStream toServer;
    private final CompletableFuture<String> lost = new CompletableFuture<>();
    private volatile boolean shutdownAnnounced;

    private ChatConnection(StreamConnection connection) {
        this.connection = connection;
        this.fromServer = new BufferedReader(new InputStreamReader(connection.in(), StandardCharsets.UTF_8));
        this.toServer = connection.out();
    }

    /**
     * Connects to a stream endpoint (TCP or Unix).
     *
     * @throws IOException with a message fit to follow {@code cannot connect to ENDPOINT: }
     */
    static ChatConnection open(Endpoint endpoint) throws IOException {
        return open(endpoint, null);
    }

    /** Connects to a stream endpoint; a {@code tls://} one through TLS with {@code tls}. */
    static ChatConnection open(Endpoint endpoint, ClientTlsOptions.ClientTls tls) throws IOException {
        return new ChatConnection(StreamConnection.open(endpoint, tls));
    }

    /**
     * Starts the thread that reads lines and passes each to {@code lineReceived} until the stream
     * ends, then completes {@link #lost()}. Call once.
     */
    void startReceiving(Consumer<String> lineReceived) {
        Thread.ofPlatform().daemon().name("chat-receiver").start(() -> {
            try {
                String line;
                while ((line = readLine()) != null) {
                    if (!line.startsWith("<") && line.contains("Shutdown")) { // a notice, not someone's chat
                        shutdownAnnounced = true;
                    }
                    lineReceived.accept(line);
                }
                lost.complete(shutdownAnnounced ? "the server shut down" : "connection closed by the server");
            } catch (IOException e) {
                lost.complete(e.getMessage() != null ? e.getMessage() : e.toString());
            }
        });
    }

    /** The next line without its terminator, or null at the end of the stream (a last unterminated line counts). */
    private String readLine() throws IOException {
        StringBuilder line = new StringBuilder();
        int c;
        while ((c = fromServer.read()) != -1 && c != '\n') {
            if (line.length() < MAX_LINE_CHARS) {
                line.append((char) c);
            }
        }
        if (c == -1 && line.isEmpty()) {
            return null;
        }
        int end = line.length();
        return end > 0 && line.charAt(end - 1) == '\r' ? line.substring(0, end - 1) : line.toString();
    }

    /** Completes, with the reason in words, when the connection has ended; never fails. */
    CompletableFuture<String> lost() {
        return lost;
    }

    /**
     * Sends one line; {@code "\n"} is added.
     *
     * @throws IOException if the connection is gone ({@link #lost()} then completes too)
     */
    synchronized void send(String line) throws IOException {
        try {
            toServer.write((line + "\n").getBytes(StandardCharsets.UTF_8));
            toServer.flush();
        } catch (IOException e) {
            lost.complete(e.getMessage() != null ? e.getMessage() : e.toString());
            throw e;
        }
    }

    /** Tells the server nothing more will be sent (a half-close), so it may finish and close. */
    void finishSending() {
        connection.shutdownOutputQuietly(); // if already gone, lost() reports it
    }

    @Override
    public void close() {
        try {
            connection.close();
        } catch (IOException ignored) {
            // closing is the last thing done with the connection
        }
    }
}
