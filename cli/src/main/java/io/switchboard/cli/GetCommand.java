package io.switchboard.cli;

import io.switchboard.services.files.FilesClient;
import io.switchboard.services.files.TransferResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code switchboard get NAME [-o PATH] [ENDPOINT]}: downloads one file from a files server into
 * {@code PATH} (default: {@code NAME} in the current directory; into it when {@code PATH} is a
 * directory). The bytes go to {@code PATH.part} first; only a complete file whose SHA-256 matches
 * the server's replaces {@code PATH}, atomically. A download cut off resumes from the partial
 * ({@code --retry}, or running {@code get} again).
 */
@Command(name = "get", mixinStandardHelpOptions = true,
        description = {"Download a file from a files server (default endpoint: " + FilesClient.DEFAULT_ENDPOINT + ").",
            "ENDPOINT: tcp://host:port (or host:port), tls://host:port, unix:///path."},
        exitCodeListHeading = "Exit status:%n", exitCodeList = {
            "0:Success.",
            "1:A transfer failed: the server refused (ERR), a hash mismatch, retries exhausted, a local file error.",
            "2:Usage error (a bad flag, endpoint or FILE).",
            "3:Cannot connect, or the endpoint is not a files server."})
final class GetCommand extends TransferCommand {

    @Parameters(index = "0", paramLabel = "NAME", description = "The file's name on the server.")
    String name;

    @Parameters(index = "1", arity = "0..1", paramLabel = "ENDPOINT",
            description = "tcp://host:port (or host:port), tls://host:port, unix:///path (default: " + FilesClient.DEFAULT_ENDPOINT + ")")
    String endpointText;

    @Option(names = {"-o", "--output"}, paramLabel = "PATH",
            description = "Where to save it (default: NAME in the current directory; a directory: NAME in it).")
    Path output;

    private Path target;

    @Override
    String endpointText() {
        return endpointText;
    }

    @Override
    void validate() {
        if (name.isEmpty() || name.chars().anyMatch(Character::isISOControl)) {
            throw usage("get: NAME '" + name + "' (expected: a name without control characters)");
        }
        int retries = retries();
        if (output == null) {
            if (name.contains("/") || name.contains("\\") || name.equals(".") || name.equals("..")) {
                throw usage("get: NAME '" + name + "' is no file name here; say where to save it with -o PATH");
            }
            target = Path.of(name);
        } else {
            target = Files.isDirectory(output) ? output.resolve(name) : output;
        }
    }

    @Override
    int run(FilesClient client) throws InterruptedException {
        boolean terminal = showsBar();
        String description = "get " + name;
        try (TransferProgress progress = TransferProgress.create(terminal, description,
                "from " + client.endpoint() + " into " + target, out)) {
            TransferResult result = new TransferRetry(retries, "get", err)
                    .run(() -> client.get(name, target, progress), progress::interrupted);
            progress.close();
            out.println(TransferSummary.saved(result, target));
            return EXIT_OK;
        } catch (IOException e) {
            err.println(description + " from " + client.endpoint() + " failed: " + TransferFailure.describe(e, name));
            return EXIT_FAILED;
        }
    }
}
