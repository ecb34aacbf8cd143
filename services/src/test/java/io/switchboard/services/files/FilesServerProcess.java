package io.switchboard.services.files;

import java.nio.file.Path;

/**
 * The files service in a process of its own, for tests that kill it: prints {@code PORT <n>}
 * once listening, then serves until killed. Argument: the data directory.
 */
public final class FilesServerProcess {

    private FilesServerProcess() {
    }

    public static void main(String[] args) throws Exception {
        FilesServer server = new FilesServer(FilesServer.Mode.REACTOR_EPOLL, Path.of(args[0]));
        System.out.println("PORT " + server.port());
        System.out.flush();
        Thread.currentThread().join(); // until SIGKILL
    }
}
