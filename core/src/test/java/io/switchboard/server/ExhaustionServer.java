package io.switchboard.server;

import io.switchboard.endpoint.Endpoint;
import io.switchboard.endpoint.TcpEndpoint;
import io.switchboard.io.Backends;
import io.switchboard.limits.ConnectionLimits;
import io.switchboard.limits.EmfilePolicy;
import io.switchboard.metrics.TrafficStats;
import io.switchboard.reactor.EchoProtocol;
import io.switchboard.reactor.Listener;
import io.switchboard.reactor.Reactor;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * An echo server for the descriptor-exhaustion tests, run in a child JVM under a low
 * {@code ulimit -n}: {@code ExhaustionServer <nio|epoll|threads> <pause|reserve>} listens on
 * 127.0.0.1 port 0 and prints {@code READY <port>}. Each line on stdin is a command:
 * {@code STATS} prints {@code STATS refused=<n> errors=<n>}; end of stdin stops it.
 */
public final class ExhaustionServer {

    private ExhaustionServer() {
    }

    /** Runs the server. */
    public static void main(String[] args) throws Exception {
        preloadClasses();
        String model = args[0];
        EmfilePolicy policy = EmfilePolicy.valueOf(args[1].toUpperCase(Locale.ROOT));
        Endpoint any = Endpoint.parse("tcp://127.0.0.1:0");
        TrafficStats stats;
        AutoCloseable server;
        int port;
        if (model.equals("threads")) {
            TcpServer tcp = new TcpServer(any, ProtocolHandler.of(remote -> new EchoProtocol()),
                    ServerConfig.DEFAULTS.withDispatch(Dispatch.threads(1000)).withOnEmfile(policy)
                            .withShutdownGrace(Duration.ofMillis(200)));
            Thread.ofPlatform().name("serve").daemon().start(() -> {
                try {
                    tcp.serveForever(Duration.ofMillis(500));
                } catch (IOException e) {
                    e.printStackTrace();
                }
            });
            stats = tcp.stats();
            server = tcp;
            port = ((TcpEndpoint) tcp.endpoint()).port();
        } else {
            Reactor reactor = Reactor.builder().backend(Backends.named(model)).loops(2).build();
            stats = new TrafficStats();
            Listener listener = reactor.listen(any, remote -> new EchoProtocol(), stats,
                    ConnectionLimits.DEFAULTS.withOnEmfile(policy));
            server = reactor;
            port = ((TcpEndpoint) listener.endpoint()).port();
        }
        System.out.println("READY " + port);
        System.out.flush();
        BufferedReader commands = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line;
        while ((line = commands.readLine()) != null) {
            if (line.equals("STATS")) {
                System.out.println("STATS refused=" + stats.refusedConnections() + " errors=" + stats.errors());
                System.out.flush();
            }
        }
        server.close();
        System.exit(0);
    }

    /**
     * Loads every Switchboard class now. Under EMFILE a class file in a directory cannot be
     * opened, so a class first needed then would fail with NoClassDefFoundError; the tests run
     * from target/classes directories, while the shipped jar's descriptor stays open.
     */
    private static void preloadClasses() throws IOException {
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            Path root = Path.of(entry);
            if (!Files.isDirectory(root)) {
                continue;
            }
            try (Stream<Path> files = Files.walk(root)) {
                for (Path file : files.filter(f -> f.toString().endsWith(".class")).toList()) {
                    String name = root.relativize(file).toString().replace(File.separatorChar, '.');
                    try {
                        Class.forName(name.substring(0, name.length() - ".class".length()), false,
                                ExhaustionServer.class.getClassLoader());
                    } catch (ClassNotFoundException | LinkageError e) {
                        // a test class whose dependencies are not needed here
                    }
                }
            }
        }
    }
}
