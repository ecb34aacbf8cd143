package io.switchboard.cli;

import io.switchboard.services.chat.TerminalText;
import io.switchboard.services.files.FilesClient;
import io.switchboard.services.files.RemoteFileEntry;
import java.io.IOException;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code switchboard ls [ENDPOINT]}: the files on a files server, one per line, sorted by name:
 *
 * <pre>
 *     SIZE  MODIFIED             NAME
 *       12  2026-12-01 09:14:03  hello.txt
 * </pre>
 *
 * Times are local; names are printed without control characters.
 */
@Command(name = "ls", mixinStandardHelpOptions = true,
        description = "List the files on a files server: size, modified, name.",
        exitCodeListHeading = "Exit status:%n", exitCodeList = {
            "0:Success.",
            "1:The listing failed (the server refused, or the connection was lost).",
            "2:Usage error (a bad flag or endpoint).",
            "3:Cannot connect, or the endpoint is not a files server."})
final class ListCommand extends FilesCommand {

    private static final DateTimeFormatter MODIFIED = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
            .withZone(ZoneId.systemDefault());

    @Parameters(arity = "0..1", paramLabel = "ENDPOINT",
            description = "tcp://host:port (or host:port), tls://host:port, unix:///path (default: " + FilesClient.DEFAULT_ENDPOINT + ")")
    String endpointText;

    @Override
    String endpointText() {
        return endpointText;
    }

    @Override
    void validate() {
    }

    @Override
    int run(FilesClient client) {
        List<RemoteFileEntry> entries;
        try {
            entries = client.list();
        } catch (IOException e) {
            err.println("ls " + client.endpoint() + " failed: " + TransferFailure.describe(e, ""));
            return EXIT_FAILED;
        }
        int sizeWidth = Math.max(4, entries.stream().mapToInt(e -> Long.toString(e.size()).length()).max().orElse(0));
        out.printf("%" + sizeWidth + "s  %-19s  %s%n", "SIZE", "MODIFIED", "NAME");
        for (RemoteFileEntry entry : entries) {
            out.printf("%" + sizeWidth + "d  %-19s  %s%n", entry.size(), MODIFIED.format(entry.modified()),
                    TerminalText.clean(entry.name()));
        }
        return EXIT_OK;
    }
}
