package io.switchboard.bench;

import java.io.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Every process a benchmark starts (server JVMs, socat, nc), so that each can be stopped by its
 * PID at the end, on failure and from a shutdown hook alike: a process is asked to stop (SIGTERM,
 * or stdin closed for a server), and killed if it has not exited 2 seconds later.
 *
 * <p>Thread-safe: the driver starts processes while a shutdown hook may stop them all.
 */
final class ChildProcesses {

    private final List<Process> processes = new ArrayList<>();
    private final List<ServerProcess> servers = new ArrayList<>();

    /** Starts {@code command}, stdin from {@code stdin} and stdout to {@code stdout} (null: a pipe, unused), stderr inherited. */
    synchronized Process start(List<String> command, File stdin, File stdout) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT);
        if (stdin != null) {
            builder.redirectInput(stdin);
        }
        builder.redirectOutput(stdout != null ? ProcessBuilder.Redirect.to(stdout) : ProcessBuilder.Redirect.DISCARD);
        Process process = builder.start();
        processes.add(process);
        return process;
    }

    /** Starts a server JVM ({@link ServerProcess#start}) and keeps it until {@link #stopAll}. */
    synchronized ServerProcess server(String mainClass, String... args) throws IOException {
        ServerProcess server = ServerProcess.start(mainClass, args);
        servers.add(server);
        return server;
    }

    /** A process that has exited: nothing left to stop. */
    synchronized void forget(Process process) {
        processes.remove(process);
    }

    /** Stops every process still running, by PID; servers by closing their stdin first. */
    synchronized void stopAll() {
        for (Process process : processes) {
            if (process.isAlive()) {
                process.destroy(); // SIGTERM to this PID
            }
        }
        for (Process process : processes) {
            try {
                if (!process.waitFor(2, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
        processes.clear();
        for (ServerProcess server : servers) {
            try {
                server.close();
            } catch (IOException e) {
                System.err.println("stopping server pid " + server.pid() + ": " + e);
            }
        }
        servers.clear();
    }
}
