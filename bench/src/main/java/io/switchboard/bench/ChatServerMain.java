package io.switchboard.bench;

import io.switchboard.endpoint.Endpoint;
import io.switchboard.endpoint.InetEndpoint;
import io.switchboard.io.Backends;
import io.switchboard.reactor.Reactor;
import io.switchboard.server.Dispatch;
import io.switchboard.server.ServerConfig;
import io.switchboard.services.RunningService;
import io.switchboard.services.ServiceRunner;
import io.switchboard.services.chat.ChatOptions;
import io.switchboard.services.chat.ChatService;
import java.time.Duration;
import java.util.List;

/**
 * The chat service for benchmarks: {@code ChatServerMain reactor <poller> <loops>} or
 * {@code ChatServerMain virtual} listens on 127.0.0.1 (an ephemeral port), prints
 * {@code READY <port>}, and serves until its stdin closes. Flood control is off: the benchmark's
 * senders send far more than the 20 lines a second a person may, on purpose.
 */
public final class ChatServerMain {

    private static final ChatOptions UNLIMITED = ChatOptions.DEFAULTS.withoutFloodControl();

    private ChatServerMain() {
    }

    /** Runs the server; see the class comment for the arguments. */
    public static void main(String[] args) throws Exception {
        List<Endpoint> any = List.of(Endpoint.parse("tcp://127.0.0.1:0"));
        if (args.length > 0 && args[0].equals("virtual")) {
            try (RunningService chat = ServiceRunner.startBlocking(new ChatService(UNLIMITED), any,
                    ServerConfig.DEFAULTS.withDispatch(Dispatch.virtual()))) {
                serve(chat);
            }
            return;
        }
        String poller = args.length > 1 ? args[1] : "nio";
        int loops = args.length > 2 ? Integer.parseInt(args[2]) : 2;
        try (Reactor reactor = Reactor.builder().loops(loops).backend(Backends.named(poller)).build()) {
            serve(ServiceRunner.start(reactor, new ChatService(UNLIMITED), any));
            reactor.shutdown(Duration.ofSeconds(1));
        }
    }

    private static void serve(RunningService chat) throws Exception {
        System.out.println("READY " + ((InetEndpoint) chat.boundEndpoints().get(0)).port());
        System.out.flush();
        while (System.in.read() >= 0) {
            // serve until the driver closes our stdin
        }
    }
}
