package io.switchboard.cli;

import io.switchboard.services.chat.TerminalText;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code chat} in plain mode (standard input is a pipe), against a fake line server: a server
 * socket on an ephemeral port whose one session is scripted per test.
 */
@Timeout(60)
class ChatCommandTest {

    private final ExecutorService server = Executors.newSingleThreadExecutor();

    @AfterEach
    void stopServer() {
        server.shutdownNow();
    }

    private record Result(int status, String out, String err) {
    }

    /** The client as a process with {@code stdin} piped in; stdin stays open unless {@code closeInput}. */
    private static Process startChat(String stdin, boolean closeInput, String... args) throws IOException {
        String java = ProcessHandle.current().info().command().orElseThrow();
        List<String> command = new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"),
                "io.switchboard.cli.Main", "chat"));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).start();
        OutputStream input = process.getOutputStream();
        input.write(stdin.getBytes(StandardCharsets.UTF_8));
        input.flush();
        if (closeInput) {
            input.close();
        }
        return process;
    }

    private static Result finish(Process process) throws Exception {
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        process.getOutputStream().close();
        return new Result(process.exitValue(),
                new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8),
                new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    private static Result runChat(String stdin, String... args) throws Exception {
        return finish(startChat(stdin, true, args));
    }

    /**
     * One scripted session: accepts a connection, sends {@code greeting}, then returns every line
     * the client sends until it half-closes, and closes.
     */
    private Future<List<String>> serveOnce(ServerSocket listener, String... greeting) {
        return server.submit(() -> {
            try (Socket socket = listener.accept()) {
                return converse(new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8)),
                        socket.getOutputStream(), greeting);
            }
        });
    }

    private static List<String> converse(BufferedReader in, OutputStream out, String... greeting) throws IOException {
        for (String line : greeting) {
            out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        }
        out.flush();
        List<String> received = new ArrayList<>();
        String line;
        while ((line = in.readLine()) != null) {
            received.add(line);
        }
        return received;
    }

    private static ServerSocket listen() throws IOException {
        return new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    }

    private static String address(ServerSocket listener) {
        return "127.0.0.1:" + listener.getLocalPort();
    }

    @Test
    void sendsTheNickFirstThenThePipedLinesInOrder() throws Exception {
        try (ServerSocket listener = listen()) {
            Future<List<String>> session = serveOnce(listener, "* Welcome to the chat");
            Result result = runChat("hello\n/me waves\n\n/msg bob psst\n", address(listener), "--nick", "ana");
            assertThat(result.status()).as(result.err()).isZero();
            assertThat(session.get(30, TimeUnit.SECONDS)).containsExactly("/nick ana", "hello", "/me waves", "/msg bob psst");
            assertThat(result.out()).contains("* Welcome to the chat");
        }
    }

    @Test
    void quitIsSentAndEndsTheInput() throws Exception {
        try (ServerSocket listener = listen()) {
            Future<List<String>> session = serveOnce(listener);
            Result result = runChat("hello\n/quit\nnot sent\n", "tcp://" + address(listener), "--nick", "ana");
            assertThat(result.status()).as(result.err()).isZero();
            assertThat(session.get(30, TimeUnit.SECONDS)).containsExactly("/nick ana", "hello", "/quit");
            assertThat(result.err()).doesNotContain("disconnected");
        }
    }

    @Test
    void printsIncomingLinesAsTheyArrive() throws Exception {
        try (ServerSocket listener = listen()) {
            Future<List<String>> session = serveOnce(listener, "* Welcome, 2 people here", "<bob> hi ana",
                    "* bob is now known as rob", "! no such nick: carol", "<rob> ünïcödé ✓");
            Result result = runChat("", address(listener));
            assertThat(result.status()).as(result.err()).isZero();
            assertThat(result.out().lines()).containsExactly("* Welcome, 2 people here", "<bob> hi ana",
                    "* bob is now known as rob", "! no such nick: carol", "<rob> ünïcödé ✓");
            assertThat(session.get(30, TimeUnit.SECONDS)).isEmpty();
        }
    }

    @Test
    void stripsEscapeSequencesAndControlCharactersFromIncomingLines() throws Exception {
        try (ServerSocket listener = listen()) {
            serveOnce(listener, "\u001b[2J\u001b[H<eve> \u001b[31mred\u001b[0m\tand \u001b]0;pwned\u0007plain\u0008\r",
                    "<eve> \u009b31mC1\u001b(B too\u007f\u001bc", "<eve> hi\r<bob> a lone CR starts no line");
            Result result = runChat("", address(listener));
            assertThat(result.status()).as(result.err()).isZero();
            assertThat(result.out().lines()).containsExactly("<eve> red\tand plain", "<eve> C1 too",
                    "<eve> hi<bob> a lone CR starts no line");
            assertThat(result.out()).doesNotContain("\u001b").doesNotContain("\u0007").doesNotContain("\r");
        }
    }

    @Test
    void theSanitizerKeepsTextAndDropsEachKindOfSequence() {
        assertThat(TerminalText.clean("plain text\twith tab")).isEqualTo("plain text\twith tab");
        assertThat(TerminalText.clean("a\u001b[38;5;196mb")).isEqualTo("ab");            // CSI with parameters
        assertThat(TerminalText.clean("a\u001b]8;;http://x\u001b\\b")).isEqualTo("ab");    // OSC ended by ST
        assertThat(TerminalText.clean("a\u001bPq#0;2;0;0;0\u001b\\b")).isEqualTo("ab");    // DCS (sixel)
        assertThat(TerminalText.clean("a\u001b]0;title never ends")).isEqualTo("a");       // unterminated string
        assertThat(TerminalText.clean("a\u001b7b\u001b8")).isEqualTo("ab");                // two-character escapes
        assertThat(TerminalText.clean("a\u001b")).isEqualTo("a");                          // a lone ESC at the end
        assertThat(TerminalText.clean("a\u001b\u001b[1mb")).isEqualTo("ab");               // ESC ESC
        assertThat(TerminalText.clean("\u0000a\u0001\u001fb\u0085")).isEqualTo("ab");       // C0 and C1 controls
        assertThat(TerminalText.clean("日本語 ✓")).isEqualTo("日本語 ✓");
    }

    @Test
    void theServerClosingEndsThePlainSessionWithStatus3() throws Exception {
        try (ServerSocket listener = listen()) {
            CompletableFuture<String> firstLine = new CompletableFuture<>();
            server.submit(() -> {
                try (Socket socket = listener.accept()) {
                    BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
                    firstLine.complete(in.readLine());
                    socket.getOutputStream().write("* Server Shutdown in progress\n".getBytes(StandardCharsets.UTF_8));
                }
                return null;
            });
            Process process = startChat("", false, address(listener), "--nick", "ana"); // stdin stays open
            assertThat(firstLine.get(30, TimeUnit.SECONDS)).isEqualTo("/nick ana");
            Result result = finish(process);
            assertThat(result.status()).as(result.err()).isEqualTo(3);
            assertThat(result.out()).contains("* Server Shutdown in progress");
            assertThat(result.err()).contains("(disconnected: the server shut down)");
        }
    }

    @Test
    void aRefusedConnectionFailsWithStatus1AndNamesTheEndpoint() throws Exception {
        int closed;
        try (ServerSocket probe = listen()) {
            closed = probe.getLocalPort();
        }
        Result result = runChat("hello\n", "127.0.0.1:" + closed);
        assertThat(result.status()).isEqualTo(1);
        assertThat(result.err()).contains("chat: cannot connect to tcp://127.0.0.1:" + closed + ": ")
                .containsIgnoringCase("refused");
    }

    @Test
    void talksOverAUnixSocket(@TempDir Path directory) throws Exception {
        Path path = directory.resolve("chat.sock");
        try (ServerSocketChannel listener = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            listener.bind(UnixDomainSocketAddress.of(path));
            Future<List<String>> session = server.submit(() -> {
                try (SocketChannel channel = listener.accept()) {
                    return converse(new BufferedReader(new InputStreamReader(Channels.newInputStream(channel),
                            StandardCharsets.UTF_8)), Channels.newOutputStream(channel), "* Welcome");
                }
            });
            Result result = runChat("hi\n", "unix://" + path, "--nick", "ana");
            assertThat(result.status()).as(result.err()).isZero();
            assertThat(session.get(30, TimeUnit.SECONDS)).containsExactly("/nick ana", "hi");
            assertThat(result.out()).contains("* Welcome");
        }
    }

    @Test
    void aBadEndpointOrFlagIsAUsageError() {
        for (String[] args : new String[][] {{"chat", "nonsense://x"}, {"chat", "udp://127.0.0.1:9"},
                {"chat", "--linger", "-1"}, {"chat", "--nick", " "}, {"chat", "--bogus"}}) {
            CommandLine commandLine = Main.commandLine();
            StringWriter err = new StringWriter();
            commandLine.setErr(new PrintWriter(err));
            commandLine.setOut(new PrintWriter(new StringWriter()));
            assertThat(commandLine.execute(args)).as(String.join(" ", args)).isEqualTo(2);
            assertThat(err.toString()).as(String.join(" ", args)).isNotBlank();
        }
    }
}
