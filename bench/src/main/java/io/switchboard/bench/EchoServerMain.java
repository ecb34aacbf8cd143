package io.switchboard.bench;

import io.switchboard.endpoint.Endpoint;
import io.switchboard.endpoint.InetEndpoint;
import io.switchboard.io.Backends;
import io.switchboard.limits.ConnectionLimits;
import io.switchboard.metrics.TrafficStats;
import io.switchboard.reactor.Listener;
import io.switchboard.reactor.Reactor;
import io.switchboard.services.EchoService;
import java.time.Duration;

/**
 * A Switchboard echo server for benchmarks: {@code EchoServerMain <poller> <loops>} listens on
 * 127.0.0.1 (an ephemeral port), prints {@code READY <port>}, and serves until its stdin closes.
 */
public final class EchoServerMain {

    private EchoServerMain() {
    }

    /** Runs the server; see the class comment for the arguments. */
    public static void main(String[] args) throws Exception {
        String poller = args.length > 0 ? args[0] : "nio";
        int loops = args.length > 1 ? Integer.parseInt(args[1]) : 1;
        try (Reactor reactor = Reactor.builder().loops(loops).backend(Backends.named(poller)).build()) {
            Listener listener = reactor.listen(Endpoint.parse("tcp://127.0.0.1:0"), remote -> new EchoService.Echo(),
                    new TrafficStats(), ConnectionLimits.DEFAULTS.withMaxConnections(100_000)
                            .withMaxConnectionsPerAddress(100_000));
            System.out.println("READY " + ((InetEndpoint) listener.endpoint()).port());
            System.out.flush();
            while (System.in.read() >= 0) {
                // serve until the driver closes our stdin
            }
            reactor.shutdown(Duration.ofSeconds(1));
        }
    }
}
