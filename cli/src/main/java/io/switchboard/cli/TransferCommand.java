package io.switchboard.cli;

import picocli.CommandLine.Option;

/** What {@code put} and {@code get} share beyond {@link FilesCommand}: retries and how progress is shown. */
abstract class TransferCommand extends FilesCommand {

    @Option(names = "--retry", defaultValue = "3", paramLabel = "N",
            description = "After a dropped connection, reconnect and resume up to N times (default: ${DEFAULT-VALUE}).")
    int retries;

    @Option(names = "--plain", description = "Plain progress lines even on a terminal.")
    boolean plain;

    /** The retry count, checked: a negative one is a usage error. */
    int retries() {
        if (retries < 0) {
            throw usage("--retry: " + retries + " (expected: >= 0)");
        }
        return retries;
    }

    /** Whether progress is drawn as a bar (a terminal, and no {@code --plain}). */
    boolean showsBar() {
        return !plain && isTerminal();
    }
}
