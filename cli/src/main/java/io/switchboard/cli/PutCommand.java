package io.switchboard.cli;

import io.switchboard.services.files.FilesClient;
import io.switchboard.services.files.TransferResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code switchboard put FILE... [ENDPOINT]}: uploads files to a files server, each under its base
 * name ({@code --name} for a single file). The last argument is the endpoint when it reads as one
 * ({@code tcp://}, {@code tls://}, {@code unix://}, {@code host:port}) and is not an existing file.
 *
 * <p>An upload cut off is resumed ({@code --retry}): the server keeps what arrived and answers the
 * next {@code PUT} of the same content with the offset to continue from. A file that fails does
 * not stop the others; the exit status is then 1.
 */
@Command(name = "put", mixinStandardHelpOptions = true,
        customSynopsis = "switchboard put [OPTIONS] FILE... [ENDPOINT]",
        description = {"Upload files to a files server (default endpoint: " + FilesClient.DEFAULT_ENDPOINT + ").",
            "ENDPOINT: tcp://host:port (or host:port), tls://host:port, unix:///path."},
        exitCodeListHeading = "Exit status:%n", exitCodeList = {
            "0:Success.",
            "1:A transfer failed: the server refused (ERR), a hash mismatch, retries exhausted, a local file error.",
            "2:Usage error (a bad flag, endpoint or FILE).",
            "3:Cannot connect, or the endpoint is not a files server."})
final class PutCommand extends TransferCommand {

    @Parameters(arity = "1..*", paramLabel = "FILE", description = "Files to upload, then optionally the ENDPOINT.")
    List<String> arguments;

    @Option(names = "--name", paramLabel = "NAME", description = "Store the (single) file under this name.")
    String name;

    private final List<Path> files = new ArrayList<>();

    /** The last argument, when it reads as an endpoint and is not an existing file. */
    @Override
    String endpointText() {
        String last = arguments.getLast();
        return arguments.size() > 1 && looksLikeEndpoint(last) && !Files.exists(Path.of(last)) ? last : null;
    }

    @Override
    void validate() {
        List<String> given = endpointText() != null ? arguments.subList(0, arguments.size() - 1) : arguments;
        for (String text : given) {
            Path file = Path.of(text);
            if (!Files.isRegularFile(file)) {
                throw usage(Files.exists(file) ? "put: " + file + " is not a regular file"
                        : "put: no such file: " + file);
            }
            files.add(file);
        }
        if (name != null && files.size() > 1) {
            throw usage("--name names a single file, not " + files.size());
        }
        if (name != null && (name.isEmpty() || name.chars().anyMatch(Character::isISOControl))) {
            throw usage("--name: '" + name + "' (expected: a name without control characters)");
        }
        int retries = retries();
    }

    @Override
    int run(FilesClient client) throws InterruptedException {
        TransferRetry retry = new TransferRetry(retries, "put", err);
        boolean terminal = showsBar();
        int status = EXIT_OK;
        for (Path file : files) {
            String storedName = name != null ? name : file.getFileName().toString();
            String description = "put " + file + (storedName.equals(file.toString()) ? "" : " as " + storedName);
            try (TransferProgress progress = TransferProgress.create(terminal, description,
                    "to " + client.endpoint(), out)) {
                TransferResult result = retry.run(() -> client.put(file, storedName, progress), progress::interrupted);
                progress.close();
                out.println(TransferSummary.stored(result));
            } catch (IOException e) {
                err.println(description + " to " + client.endpoint() + " failed: "
                        + TransferFailure.describe(e, storedName));
                status = EXIT_FAILED;
            }
        }
        return status;
    }
}
