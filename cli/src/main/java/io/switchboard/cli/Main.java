package io.switchboard.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The entry point: {@code switchboard serve|connect|chat|put|get|ls ...}.
 *
 * <p>Exit status: 0 success, 1 a runtime failure (a port in use, a refused connection),
 * 2 a usage error (unknown service, flag or value), with a message that lists the valid choices.
 */
@Command(name = "switchboard", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Network servers and clients: the classic socket programs, done properly.",
        subcommands = {ServeCommand.class, ConnectCommand.class, ChatCommand.class, PutCommand.class, GetCommand.class,
            ListCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Runnable {

    @Option(names = {"-v", "--verbose"}, description = "Log connection-level detail (FINE).", scope = CommandLine.ScopeType.INHERIT)
    void verbose(boolean on) {
        Logging.verbose(on);
    }

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    /** Runs the command line and exits with its status. */
    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line and returns its exit status (for tests). */
    public static int run(String... args) {
        Logging.configure();
        return commandLine().execute(args);
    }

    /** The configured picocli command line. */
    static CommandLine commandLine() {
        return new CommandLine(new Main())
                .setCaseInsensitiveEnumValuesAllowed(true)
                .setExecutionExceptionHandler((exception, commandLine, parseResult) -> {
                    commandLine.getErr().println("switchboard: " + exception.getMessage());
                    return 1;
                });
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
