package io.switchboard.bench;

import io.switchboard.endpoint.Endpoint;
import io.switchboard.endpoint.InetEndpoint;
import io.switchboard.io.Backends;
import io.switchboard.io.ListenOptions;
import io.switchboard.reactor.Reactor;
import io.switchboard.services.RunningService;
import io.switchboard.services.ServiceContext;
import io.switchboard.services.ServiceRunner;
import io.switchboard.services.files.FilesService;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The files service for benchmarks: {@code FilesServerMain <poller> <loops> <data-dir>} serves
 * {@code data-dir/files/} under the reactor on 127.0.0.1 (an ephemeral port), prints
 * {@code READY <port>}, and serves until its stdin closes.
 */
public final class FilesServerMain {

    /** Held so the setting is not collected: one INFO line per stored upload would clutter the bench output. */
    private static final java.util.logging.Logger FILES_LOG = java.util.logging.Logger.getLogger("io.switchboard.services.files");

    private FilesServerMain() {
    }

    /** Runs the server; see the class comment for the arguments. */
    public static void main(String[] args) throws Exception {
        if (args.length != 3) {
            throw new IllegalArgumentException("usage: FilesServerMain <poller> <loops> <data-dir>");
        }
        FILES_LOG.setLevel(java.util.logging.Level.WARNING);
        List<Endpoint> any = List.of(Endpoint.parse("tcp://127.0.0.1:0"));
        ServiceContext context = new ServiceContext(Path.of(args[2]));
        try (Reactor reactor = Reactor.builder().loops(Integer.parseInt(args[1])).backend(Backends.named(args[0])).build()) {
            RunningService files = ServiceRunner.start(reactor, new FilesService(), any, ListenOptions.DEFAULTS, context);
            System.out.println("READY " + ((InetEndpoint) files.boundEndpoints().get(0)).port());
            System.out.flush();
            while (System.in.read() >= 0) {
                // serve until the driver closes our stdin
            }
            files.close();
            reactor.shutdown(Duration.ofSeconds(1));
        }
    }
}
