package io.switchboard.bench;

import io.switchboard.endpoint.Endpoint;
import io.switchboard.endpoint.InetEndpoint;
import io.switchboard.io.Backends;
import io.switchboard.io.ListenOptions;
import io.switchboard.reactor.Reactor;
import io.switchboard.services.RunningService;
import io.switchboard.services.ServiceContext;
import io.switchboard.services.ServiceRunner;
import io.switchboard.services.http.HttpService;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Switchboard's HTTP service alone, for benchmarks ({@code GET /plaintext} is the one measured):
 * {@code HttpServerMain <poller> <loops>} listens on 127.0.0.1 (an ephemeral port), prints
 * {@code READY <port>}, and serves until its stdin closes. Its data directory is a temporary one,
 * deleted on the way out.
 */
public final class HttpServerMain {

    private HttpServerMain() {
    }

    /** Runs the server; see the class comment for the arguments. */
    public static void main(String[] args) throws Exception {
        String poller = args.length > 0 ? args[0] : "nio";
        int loops = args.length > 1 ? Integer.parseInt(args[1]) : 1;
        Path data = Files.createTempDirectory(ServerProcess.tempRoot(), "switchboard-http-bench");
        try (Reactor reactor = Reactor.builder().loops(loops).backend(Backends.named(poller)).build()) {
            RunningService http = ServiceRunner.start(reactor, new HttpService(),
                    List.of(Endpoint.parse("tcp://127.0.0.1:0")), ListenOptions.DEFAULTS, new ServiceContext(data));
            System.out.println("READY " + ((InetEndpoint) http.boundEndpoints().get(0)).port());
            System.out.flush();
            while (System.in.read() >= 0) {
                // serve until the driver closes our stdin
            }
            http.close();
            reactor.shutdown(Duration.ofSeconds(1));
        } finally {
            try (Stream<Path> files = Files.walk(data)) {
                files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
    }
}
