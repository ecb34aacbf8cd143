package io.switchboard.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/** One in-process run of the command line, as the argument tests see it: exit status and both outputs. */
record CliRun(int status, String out, String err) {

    /** Runs {@code switchboard args...} without starting a process, capturing what it prints. */
    static CliRun of(String... args) {
        CommandLine commandLine = Main.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        commandLine.setOut(new PrintWriter(out));
        commandLine.setErr(new PrintWriter(err));
        int status = commandLine.execute(args);
        return new CliRun(status, out.toString(), err.toString());
    }
}
