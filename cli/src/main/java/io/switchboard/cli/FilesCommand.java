package io.switchboard.cli;

import io.switchboard.endpoint.Endpoint;
import io.switchboard.endpoint.EndpointFormatException;
import io.switchboard.services.files.FilesClient;
import io.switchboard.services.files.FilesClientConnectException;
import io.switchboard.services.files.FilesClientOptions;
import io.switchboard.tls.TlsConfig;
import java.io.Console;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;
import javax.net.ssl.SSLHandshakeException;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * What {@code put}, {@code get} and {@code ls} share: the files server's endpoint, the timeouts,
 * the TLS flags ({@link ClientTlsOptions}: a {@code tls://} server is verified unless
 * {@code --insecure}), the exit statuses, and the first connection (a failure there, an untrusted
 * server included, is status {@value #EXIT_CANNOT_CONNECT}).
 *
 * <p>Subclasses implement {@link #run(FilesClient)}; one instance runs once, on one thread.
 */
abstract class FilesCommand implements Callable<Integer> {

    /** Every file transferred or listed. */
    static final int EXIT_OK = 0;
    /** A transfer failed: an ERR reply, a hash mismatch, retries exhausted, a local file error. */
    static final int EXIT_FAILED = 1;
    /** The first connection could not be made, or the server is not a files server. */
    static final int EXIT_CANNOT_CONNECT = 3;

    @Option(names = "--timeout", defaultValue = "30", paramLabel = "SECONDS",
            description = "Give up on a connection when nothing moves for this long (default: ${DEFAULT-VALUE} s).")
    long idleTimeoutSeconds;

    @Option(names = "--connect-timeout", defaultValue = "10", paramLabel = "SECONDS",
            description = "How long connecting may take (default: ${DEFAULT-VALUE} s).")
    long connectTimeoutSeconds;

    @CommandLine.Mixin
    ClientTlsOptions tlsOptions = new ClientTlsOptions();

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** Results and plain progress lines (the command line's out; stdout when run from {@link Main}). */
    PrintWriter out;
    /** Failures and retries (the command line's err; stderr when run from {@link Main}). */
    PrintWriter err;

    /** The endpoint text given, or null for the default. */
    abstract String endpointText();

    /** Checks the arguments (throwing {@link CommandLine.ParameterException}) before anything connects. */
    abstract void validate();

    /** Does the work over a connected client; returns the exit status. */
    abstract int run(FilesClient client) throws Exception;

    @Override
    public final Integer call() throws Exception {
        out = spec.commandLine().getOut();
        err = spec.commandLine().getErr();
        Endpoint endpoint = parseEndpoint(endpointText() != null ? endpointText() : FilesClient.DEFAULT_ENDPOINT);
        if (idleTimeoutSeconds <= 0) {
            throw usage("--timeout: " + idleTimeoutSeconds + " (expected: > 0)");
        }
        if (connectTimeoutSeconds <= 0) {
            throw usage("--connect-timeout: " + connectTimeoutSeconds + " (expected: > 0)");
        }
        validate();
        ClientTlsOptions.ClientTls clientTls = tlsOptions.forEndpoint(endpoint, spec.commandLine());
        // the handshake is part of connecting: it gets the connect timeout
        TlsConfig tls = clientTls == null ? null : new TlsConfig(clientTls.context(), Duration.ofSeconds(connectTimeoutSeconds));
        FilesClientOptions options = FilesClientOptions.DEFAULTS
                .withIdleTimeout(Duration.ofSeconds(idleTimeoutSeconds))
                .withConnectTimeout(Duration.ofSeconds(connectTimeoutSeconds));
        FilesClient client;
        try {
            client = FilesClient.connect(endpoint, options, tls);
        } catch (FilesClientConnectException e) {
            boolean untrusted = e.getCause() instanceof SSLHandshakeException && e.getMessage().contains("not trusted");
            err.println(spec.name() + ": " + e.getMessage() + (untrusted ? "; " + ClientTlsOptions.UNTRUSTED_HINT : ""));
            return EXIT_CANNOT_CONNECT;
        }
        try (client) {
            int status = run(client);
            try {
                client.quit();
            } catch (IOException ignored) {
                // the work is done; a server that does not say BYE changes nothing
            }
            return status;
        }
    }

    private Endpoint parseEndpoint(String text) {
        Endpoint endpoint;
        try {
            endpoint = Endpoint.parse(text);
        } catch (EndpointFormatException e) {
            throw usage(e.getMessage());
        }
        if (!endpoint.isStream()) {
            throw usage(spec.name() + " needs a stream endpoint (tcp://, tls:// or unix://), not " + endpoint);
        }
        return endpoint;
    }

    /** Whether {@code text} reads as an endpoint: {@code scheme://...} or {@code host:port}. */
    static boolean looksLikeEndpoint(String text) {
        return text.contains("://") || text.matches("(\\[[0-9A-Fa-f:.]+]|[^/\\\\:\\s]+):[0-9]{1,5}");
    }

    CommandLine.ParameterException usage(String message) {
        return new CommandLine.ParameterException(spec.commandLine(), message);
    }

    /** Whether standard input and output are a terminal (since JDK 22 a Console exists either way). */
    static boolean isTerminal() {
        Console console = System.console();
        return console != null && console.isTerminal();
    }
}
