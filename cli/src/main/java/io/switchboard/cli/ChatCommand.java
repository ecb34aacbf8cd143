package io.switchboard.cli;

import io.switchboard.services.chat.TerminalText;
import io.switchboard.endpoint.Endpoint;
import io.switchboard.endpoint.EndpointFormatException;
import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code switchboard chat [ENDPOINT] --nick NAME}: the client of a line-based chat server. Lines
 * typed are sent (chat text, or commands such as {@code /who}, {@code /me}, {@code /msg},
 * {@code /join}); lines the server sends are printed, stripped of control characters and escape
 * sequences ({@link TerminalText}).
 *
 * <p>On a terminal the session is interactive ({@link TerminalChat}: line editing, history,
 * reconnecting); otherwise, or with {@code --plain}, it is scriptable ({@link PlainChat}):
 * {@code printf 'hello\n/quit\n' | switchboard chat --nick ana}.
 *
 * <p>Exit status: {@value #EXIT_LEFT} the user left, {@value #EXIT_CANNOT_CONNECT} the first
 * connection failed, 2 a usage error, {@value #EXIT_LOST} the server closed the connection and the
 * client did not reconnect.
 */
@Command(name = "chat", mixinStandardHelpOptions = true,
        description = "Chat on a line-based chat server: type lines (or pipe them), see what others say.")
final class ChatCommand implements Callable<Integer> {

    /** The user left: end of input, {@code /quit}, Ctrl-D or Ctrl-C. */
    static final int EXIT_LEFT = 0;
    /** The first connection could not be made. */
    static final int EXIT_CANNOT_CONNECT = 1;
    /** The server closed the connection and the client did not reconnect. */
    static final int EXIT_LOST = 3;

    @Parameters(paramLabel = "ENDPOINT", arity = "0..1", defaultValue = "tcp://127.0.0.1:8008",
            description = "tcp://host:port (or host:port), unix:///path (default: ${DEFAULT-VALUE})")
    String endpointText;

    @Option(names = "--nick", paramLabel = "NAME", description = "Sent as /nick NAME as soon as connected.")
    String nick;

    @Option(names = "--plain", description = "No line editing even on a terminal: read lines from stdin as a script would.")
    boolean plain;

    @Option(names = "--linger", defaultValue = "1000", paramLabel = "MS",
            description = "On leaving, how long to wait for the server's last lines (default: ${DEFAULT-VALUE} ms).")
    long lingerMillis;

    @CommandLine.Mixin
    ClientTlsOptions tlsOptions = new ClientTlsOptions();

    private ClientTlsOptions.ClientTls tls;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** Whether {@code line} is the {@code /quit} command, with or without a farewell message. */
    static boolean isQuit(String line) {
        String command = line.strip();
        return command.equals("/quit") || command.startsWith("/quit ");
    }

    @Override
    public Integer call() throws Exception {
        Endpoint endpoint;
        try {
            endpoint = Endpoint.parse(endpointText);
        } catch (EndpointFormatException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        if (!endpoint.isStream()) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "chat needs a stream endpoint (tcp://, tls:// or unix://), not " + endpoint);
        }
        tls = tlsOptions.forEndpoint(endpoint, spec.commandLine());
        if (nick != null && (nick.isBlank() || nick.chars().anyMatch(Character::isISOControl))) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--nick: '" + nick + "' (expected: a name, without control characters)");
        }
        if (lingerMillis < 0) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--linger: " + lingerMillis + " (expected: >= 0)");
        }
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        PrintStream err = new PrintStream(System.err, true, StandardCharsets.UTF_8);
        ChatConnection first;
        try {
            first = connect(endpoint);
        } catch (IOException e) {
            err.println("chat: cannot connect to " + endpoint + ": " + e.getMessage());
            return EXIT_CANNOT_CONNECT;
        }
        Callable<Integer> plainSession = () -> new PlainChat(first,
                new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)), out, err, lingerMillis)
                .run();
        if (plain || !isTerminal()) {
            return plainSession.call();
        }
        return TerminalChat.run(first, () -> connect(endpoint), endpoint.toString(), err, lingerMillis, plainSession);
    }

    /** Connects and introduces the user. */
    private ChatConnection connect(Endpoint endpoint) throws IOException {
        ChatConnection connection = ChatConnection.open(endpoint, tls);
        if (nick != null) {
            try {
                connection.send("/nick " + nick);
            } catch (IOException e) {
                connection.close();
                throw e;
            }
        }
        return connection;
    }

    /** Whether standard input and output are a terminal (since JDK 22 a Console exists either way). */
    private static boolean isTerminal() {
        Console console = System.console();
        return console != null && console.isTerminal();
    }
}
