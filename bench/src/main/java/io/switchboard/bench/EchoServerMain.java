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
 * A Switchboard echo server for benchmarks: {@code EchoServerMain <poller> <loops> [port reuseport]}
 * listens on 127.0.0.1 (an ephemeral port unless given; with {@code reuseport}, SO_REUSEPORT so
 * several processes share the port), prints {@code READY <port>}, and serves until its stdin closes.
 */
public final class EchoServerMain {

    private EchoServerMain() {
    }

    /** Runs the server; see the class comment for the arguments. */
    public static void main(String[] args) throws Exception {
        String poller = args.length > 0 ? args[0] : "nio";
        int loops = args.length > 1 ? Integer.parseInt(args[1]) : 1;
        try (Reactor reactor = Reactor.builder().loops(loops).backend(Backends.named(poller)).build()) {
            int port = args.length > 2 ? Integer.parseInt(args[2]) : 0;
            boolean reusePort = args.length > 3 && args[3].equals("reuseport");
            Listener listener = reactor.listen(Endpoint.parse("tcp://127.0.0.1:" + port), remote -> new EchoService.Echo(),
                    new TrafficStats(), ConnectionLimits.DEFAULTS.withMaxConnections(100_000)
                            .withMaxConnectionsPerAddress(100_000),
                    io.switchboard.io.ListenOptions.DEFAULTS.withReusePort(reusePort));
            System.out.println("READY " + ((InetEndpoint) listener.endpoint()).port());
            System.out.flush();
            while (System.in.read() >= 0) {
                // serve until the driver closes our stdin
            }
            reactor.shutdown(Duration.ofSeconds(1));
        }
    }
}
