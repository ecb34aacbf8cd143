package io.switchboard.cli;

import io.switchboard.endpoint.Endpoint;
import io.switchboard.endpoint.EndpointFormatException;
import io.switchboard.endpoint.InetEndpoint;
import io.switchboard.endpoint.TcpEndpoint;
import io.switchboard.endpoint.UdpEndpoint;
import io.switchboard.endpoint.UnixDatagramEndpoint;
import io.switchboard.endpoint.UnixEndpoint;
import io.switchboard.io.Backend;
import io.switchboard.io.Backends;
import io.switchboard.io.ListenOptions;
import io.switchboard.limits.EmfilePolicy;
import io.switchboard.server.PreforkSupervisor;
import io.switchboard.reactor.Reactor;
import io.switchboard.server.Dispatch;
import io.switchboard.server.ServerConfig;
import io.switchboard.services.RunningService;
import io.switchboard.services.Service;
import io.switchboard.services.ServiceCatalog;
import io.switchboard.services.ServiceContext;
import io.switchboard.services.ServiceDirectory;
import io.switchboard.services.ServiceOptions;
import io.switchboard.services.ServiceRunner;
import io.switchboard.services.chat.ChatOptions;
import io.switchboard.services.files.FilesOptions;
import io.switchboard.services.http.HttpOptions;
import io.switchboard.services.http.HttpRequestParser;
import io.switchboard.services.http.websocket.WebSocketOptions;
import io.switchboard.tls.SelfSignedCertificate;
import io.switchboard.tls.TlsConfig;
import io.switchboard.tls.TlsContexts;
import io.switchboard.tls.TlsSetupException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code switchboard serve [SERVICE...]}: starts services on 127.0.0.1, prints where each listens
 * and how to try it, and runs until Ctrl-C or SIGTERM, then stops gracefully (exit status 0).
 */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Start services (default: the default set) and serve until Ctrl-C or SIGTERM.")
final class ServeCommand implements Callable<Integer> {

    /** The concurrency models: blocking servers (iterative, threads, virtual), the reactor, worker processes. */
    enum Model { iterative, threads, virtual, reactor, prefork }

    /** How long a stop waits for connections to close before aborting them. */
    static final Duration GRACE = Duration.ofMillis(1500);

    @Parameters(paramLabel = "SERVICE", arity = "0..*", completionCandidates = ServiceNames.class,
            description = "Services to start: ${COMPLETION-CANDIDATES} (default: all but the seed examples).")
    List<String> names = new ArrayList<>();

    @Option(names = "--host", defaultValue = "127.0.0.1", description = "Address for default endpoints (default: ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "--listen", paramLabel = "SERVICE=ENDPOINT",
            description = "Put a service on an endpoint instead of its defaults; repeatable "
                    + "(e.g. echo=unix:///tmp/echo.sock, echo=tcp://[::1]:7777).")
    List<String> listen = new ArrayList<>();

    @Option(names = "--model", defaultValue = "reactor", description = "Concurrency model: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    Model model;

    @Option(names = "--poller", defaultValue = "nio", completionCandidates = PollerNames.class,
            description = "Poller for the reactor: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    String poller;

    @Option(names = "--loops", description = "Event loops (threads) for the reactor (default: one per core).")
    Integer loops;

    @Option(names = "--max-threads", defaultValue = "64",
            description = "Threads for --model threads: requests handled at once (default: ${DEFAULT-VALUE}); "
                    + "when all are busy, new connections wait in the listen backlog.")
    int maxThreads;

    @Option(names = "--data-dir", defaultValue = "data", description = "Where services keep files (default: ${DEFAULT-VALUE}).")
    Path dataDir;

    @Option(names = "--allow", paramLabel = "CIDR",
            description = "Serve only peers in this address block (repeatable; IPv4 or IPv6, e.g. 10.0.0.0/8, ::1/128). "
                    + "Checked at accept for TCP and per datagram for UDP; Unix peers are always served.")
    List<String> allow = new ArrayList<>();

    @Option(names = "--deny", paramLabel = "CIDR",
            description = "Never serve peers in this address block (repeatable; wins over --allow).")
    List<String> deny = new ArrayList<>();

    @Option(names = "--max-connections", defaultValue = "10000", paramLabel = "N",
            description = "Open connections per listener; more are accepted and closed at once, logged (default: ${DEFAULT-VALUE}).")
    int maxConnections;

    @Option(names = "--max-per-address", defaultValue = "1000", paramLabel = "N",
            description = "Open connections from one address per listener (default: ${DEFAULT-VALUE}).")
    int maxPerAddress;

    @Option(names = "--idle-timeout", defaultValue = "0", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Close a connection that sent and received nothing for this long, e.g. 5m (default: 0, off).")
    java.time.Duration idleTimeout;

    @Option(names = "--write-timeout", defaultValue = "60s", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Close a connection whose peer read none of the queued bytes for this long (default: ${DEFAULT-VALUE}).")
    java.time.Duration writeTimeout;

    @Option(names = "--request-timeout", defaultValue = "30s", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Close a connection that started a line, frame or request and did not finish it for this long, "
                    + "however slowly it trickles bytes (slowloris); 0: off (default: ${DEFAULT-VALUE}).")
    java.time.Duration requestTimeout;

    @Option(names = "--on-emfile", defaultValue = "pause", paramLabel = "pause|reserve",
            description = "When accept finds no free descriptor (EMFILE): pause accepting 100 ms at a time and serve "
                    + "the peers waiting in the backlog once one frees up, or close each at once with a reserved "
                    + "descriptor so it can retry elsewhere (default: ${DEFAULT-VALUE}).")
    EmfilePolicy onEmfile;

    @Option(names = "--tls-cert", paramLabel = "PEM",
            description = "Certificate chain (PEM, the server's certificate first) for tls:// endpoints; with --tls-key.")
    Path tlsCert;

    @Option(names = "--tls-key", paramLabel = "PEM",
            description = "Private key (PKCS#8 PEM, RSA or EC) for tls:// endpoints; with --tls-cert.")
    Path tlsKey;

    @Option(names = "--tls-self-signed",
            description = "For development: make a self-signed certificate for localhost and 127.0.0.1 (with the JDK's "
                    + "keytool), print its SHA-256 fingerprint and write it to DATA-DIR/tls/self-signed-cert.pem "
                    + "(for curl --cacert).")
    boolean tlsSelfSigned;

    @Option(names = "--tls-handshake-timeout", defaultValue = "10s", paramLabel = "DURATION",
            converter = DurationConverter.class,
            description = "Close a peer that has not finished the TLS handshake after this long (default: ${DEFAULT-VALUE}).")
    java.time.Duration tlsHandshakeTimeout;

    // ---- the services' own limits: each flag acts on the service named in it ------------------

    @Option(names = "--chat-rate", defaultValue = "20", paramLabel = "LINES",
            description = "chat: lines one client may send per second; a faster client is slowed (its reads paused), "
                    + "never dropped, and none of its lines is lost; 0 turns flood control off (default: ${DEFAULT-VALUE}).")
    double chatRate;

    @Option(names = "--chat-burst", defaultValue = "40", paramLabel = "LINES",
            description = "chat: lines a client under the rate may send at once before it applies (default: ${DEFAULT-VALUE}).")
    int chatBurst;

    @Option(names = "--files-max-size", defaultValue = "16GiB", paramLabel = "SIZE", converter = SizeConverter.class,
            description = "files: the largest file an upload may announce; larger: ERR too-large (default: ${DEFAULT-VALUE}).")
    long filesMaxSize;

    @Option(names = "--files-reserve", defaultValue = "64MiB", paramLabel = "SIZE", converter = SizeConverter.class,
            description = "files: disk space uploads leave free; an upload that would use it: ERR no-space "
                    + "(default: ${DEFAULT-VALUE}).")
    long filesReserve;

    @Option(names = "--files-max-request", defaultValue = "4096", paramLabel = "SIZE", converter = SizeConverter.class,
            description = "files: the longest request line, at least 64; longer: ERR bad-request (default: ${DEFAULT-VALUE}).")
    long filesMaxRequest;

    @Option(names = "--http-max-header", defaultValue = "16KiB", paramLabel = "SIZE", converter = SizeConverter.class,
            description = "http: a request's header fields together; more: 431 (default: ${DEFAULT-VALUE}).")
    long httpMaxHeader;

    @Option(names = "--http-max-target", defaultValue = "8KiB", paramLabel = "SIZE", converter = SizeConverter.class,
            description = "http: a request's target (path and query); longer: 414 (default: ${DEFAULT-VALUE}).")
    long httpMaxTarget;

    @Option(names = "--http-max-body", defaultValue = "1MiB", paramLabel = "SIZE", converter = SizeConverter.class,
            description = "http: a request's body; larger: 413 (default: ${DEFAULT-VALUE}).")
    long httpMaxBody;

    @Option(names = "--http-idle-timeout", defaultValue = "30s", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "http: close a keep-alive connection idle this long; a request started and not finished "
                    + "by then gets 408 (default: ${DEFAULT-VALUE}).")
    Duration httpIdleTimeout;

    @Option(names = "--ws-max-message", defaultValue = "64KiB", paramLabel = "SIZE", converter = SizeConverter.class,
            description = "http: the largest WebSocket message (/chat/ws); larger: close 1009 (default: ${DEFAULT-VALUE}).")
    long wsMaxMessage;

    @Option(names = "--ws-ping-interval", defaultValue = "30s", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "http: ping a WebSocket peer silent this long; drop it if it stays silent as long again "
                    + "(default: ${DEFAULT-VALUE}).")
    Duration wsPingInterval;

    @Option(names = "--workers", defaultValue = "2",
            description = "Worker processes for --model prefork (default: ${DEFAULT-VALUE}).")
    int workers;

    @Option(names = "--worker", hidden = true, description = "Run as a prefork worker: print READY, no table.")
    boolean worker;

    @Option(names = "--reuse-port", hidden = true, description = "Bind with SO_REUSEPORT (prefork workers).")
    boolean reusePort;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** The connection limits and access policy the flags ask for; a bad flag is a usage error. */
    private io.switchboard.limits.ConnectionLimits limits() {
        try {
            return new io.switchboard.limits.ConnectionLimits(maxConnections, maxPerAddress, idleTimeout, writeTimeout,
                    io.switchboard.access.AccessPolicy.parse(allow, deny), requestTimeout, onEmfile);
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage().replace("maxConnectionsPerAddress", "--max-per-address")
                    .replace("maxConnections", "--max-connections").replace("idleTimeout", "--idle-timeout")
                    .replace("writeTimeout", "--write-timeout").replace("requestTimeout", "--request-timeout"));
        }
    }

    /**
     * The services' limits the flags ask for; a bad value is a usage error naming its flag, e.g.
     * {@code --files-max-request: 10 (expected: >= 64)}.
     */
    ServiceOptions serviceOptions() {
        ChatOptions chat = checked(Map.of("linesPerSecond", "--chat-rate", "burstLines", "--chat-burst"),
                () -> ChatOptions.DEFAULTS.withLineRate(chatRate, chatBurst));
        FilesOptions files = checked(Map.of("maxFileBytes", "--files-max-size", "reserveBytes", "--files-reserve",
                "maxRequestBytes", "--files-max-request"),
                () -> new FilesOptions(filesMaxSize, filesReserve, intSize("--files-max-request", filesMaxRequest),
                        FilesOptions.DEFAULTS.classicSizeQuiet()));
        HttpOptions http = checked(Map.of("maxHeaderBytes", "--http-max-header", "maxTargetBytes", "--http-max-target",
                "maxBodyBytes", "--http-max-body", "idleTimeout", "--http-idle-timeout",
                "maxMessageBytes", "--ws-max-message", "pingInterval", "--ws-ping-interval"),
                () -> new HttpOptions(new HttpRequestParser.Limits(intSize("--http-max-header", httpMaxHeader),
                        intSize("--http-max-target", httpMaxTarget), intSize("--http-max-body", httpMaxBody)),
                        httpIdleTimeout, new WebSocketOptions(intSize("--ws-max-message", wsMaxMessage), wsPingInterval)));
        return new ServiceOptions(chat, files, http);
    }

    /** Builds options, turning a refusal's field name ({@code maxBodyBytes: ...}) into its flag's. */
    private <T> T checked(Map<String, String> flags, java.util.function.Supplier<T> build) {
        try {
            return build.get();
        } catch (IllegalArgumentException e) {
            String message = String.valueOf(e.getMessage());
            int colon = message.indexOf(':');
            String flag = colon > 0 ? flags.get(message.substring(0, colon)) : null;
            throw usage(flag != null ? flag + message.substring(colon) : message);
        }
    }

    /** A size that must fit an int (the parsers' buffers are arrays). */
    private int intSize(String flag, long bytes) {
        if (bytes > Integer.MAX_VALUE) {
            throw usage(flag + ": " + bytes + " bytes is too large (at most " + Integer.MAX_VALUE + ")");
        }
        return (int) bytes;
    }

    /** Which services each group of limit flags acts on, so a flag for a service not started is noted. */
    private static final Map<String, List<String>> FLAGS_BY_SERVICE = Map.of(
            "chat", List.of("--chat-rate", "--chat-burst"),
            "files", List.of("--files-max-size", "--files-reserve", "--files-max-request"),
            "http", List.of("--http-max-header", "--http-max-target", "--http-max-body", "--http-idle-timeout",
                    "--ws-max-message", "--ws-ping-interval"));

    /** Notes each limit flag given for a service that is not being started: it has no effect. */
    private void noteUnusedFlags(Map<Service, List<Endpoint>> plan) {
        CommandLine.ParseResult parsed = spec.commandLine().getParseResult();
        if (parsed == null || worker) {
            return;
        }
        for (Map.Entry<String, List<String>> entry : FLAGS_BY_SERVICE.entrySet()) {
            boolean started = plan.keySet().stream().anyMatch(service -> service.name().equals(entry.getKey()));
            for (String flag : entry.getValue()) {
                if (!started && parsed.hasMatchedOption(flag)) {
                    spec.commandLine().getErr().println("note: " + flag + " has no effect: the " + entry.getKey()
                            + " service is not started");
                }
            }
        }
    }

    /** Valid service names, for help and completion. */
    static final class ServiceNames extends ArrayList<String> {
        private static final long serialVersionUID = 1L;

        ServiceNames() {
            super(ServiceCatalog.names());
        }
    }

    /** Valid poller names, for help and completion. */
    static final class PollerNames extends ArrayList<String> {
        private static final long serialVersionUID = 1L;

        PollerNames() {
            super(Backends.names());
        }
    }

    @Override
    public Integer call() throws Exception {
        Map<Service, List<Endpoint>> plan = plan();
        Backend backend = backend();
        if (workers <= 0) {
            throw usage("--workers: " + workers + " (expected: > 0)");
        }
        if (loops != null && loops <= 0) {
            throw usage("--loops: " + loops + " (expected: > 0)");
        }
        if (maxThreads <= 0) {
            throw usage("--max-threads: " + maxThreads + " (expected: > 0)");
        }
        io.switchboard.limits.ConnectionLimits limits = limits();
        ServiceOptions serviceOptions = serviceOptions();
        Files.createDirectories(dataDir);
        plan = fitToModel(plan);
        noteUnusedFlags(plan);
        boolean wantsTls = plan.values().stream().flatMap(List::stream).anyMatch(ServeCommand::isTls);
        if (wantsTls && model == Model.prefork && tlsSelfSigned) {
            throw usage("--model prefork cannot use --tls-self-signed: each worker process would make its own "
                    + "certificate; pass one pair with --tls-cert FILE --tls-key FILE (or use another --model)");
        }
        if (model == Model.prefork) {
            tlsConfig(wantsTls); // checks the flags and the files here, before any worker starts
            return servePrefork(plan);
        }
        TlsConfig tls = tlsConfig(wantsTls);
        if (model != Model.reactor) {
            return serveBlocking(plan, tls, serviceOptions);
        }
        Reactor.Builder builder = Reactor.builder().backend(backend);
        if (loops != null) {
            builder.loops(loops);
        }
        Reactor reactor = builder.build();
        List<RunningService> running = new ArrayList<>();
        // one for all: the status page sees every service
        ServiceContext context = new ServiceContext(dataDir, new ServiceDirectory(), serviceOptions);
        context.directory().describeModel("reactor, poller " + reactor.backend().name() + ", "
                + reactor.loops().size() + " loop" + (reactor.loops().size() == 1 ? "" : "s"));
        try {
            ListenOptions options = ListenOptions.DEFAULTS.withReusePort(reusePort);
            for (Map.Entry<Service, List<Endpoint>> entry : plan.entrySet()) {
                running.add(ServiceRunner.start(reactor, entry.getKey(), entry.getValue(), options, context, limits, tls));
            }
        } catch (IOException | RuntimeException e) {
            reactor.close();
            spec.commandLine().getErr().println("switchboard: " + e.getMessage());
            return 1;
        }
        CountDownLatch stop = new CountDownLatch(1);
        StopSignals.install(stop::countDown);
        if (worker) {
            // a worker outlives no supervisor: if the parent dies (even by SIGKILL), stop too
            ProcessHandle.current().parent().ifPresent(parent -> parent.onExit().thenRun(stop::countDown));
            spec.commandLine().getOut().println("READY");
            spec.commandLine().getOut().flush();
            stop.await();
            reactor.shutdown(GRACE);
            return 0;
        }
        printTable(running, "reactor, poller " + reactor.backend().name() + ", " + reactor.loops().size() + " loop"
                + (reactor.loops().size() == 1 ? "" : "s"));
        stop.await();
        System.err.println("stopping...");
        boolean clean = reactor.shutdown(GRACE);
        if (!clean) {
            System.err.println("some connections did not close within " + GRACE.toMillis() + " ms and were aborted");
        }
        return 0;
    }

    /**
     * Worker processes sharing each port with SO_REUSEPORT, supervised: Java's ForkingTCPServer.
     * Every worker runs the reactor with one loop. Unix sockets cannot be shared that way, and a
     * service whose clients must see each other (a chat room) would be split across processes.
     */
    private int servePrefork(Map<Service, List<Endpoint>> plan) throws Exception {
        Map<Service, List<Endpoint>> fixed = new LinkedHashMap<>();
        for (Map.Entry<Service, List<Endpoint>> entry : plan.entrySet()) {
            List<Endpoint> endpoints = new ArrayList<>();
            for (Endpoint endpoint : entry.getValue()) {
                if (!(endpoint instanceof InetEndpoint inet)) {
                    throw usage("--model prefork cannot share " + endpoint + " between worker processes (SO_REUSEPORT "
                            + "works for TCP and UDP only); use --model reactor for Unix sockets");
                }
                endpoints.add(inet.port() == 0 ? inet.withPort(freePort(inet)) : inet);
            }
            fixed.put(entry.getKey(), endpoints);
        }
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(List.of(java, "--enable-native-access=ALL-UNNAMED", "-cp",
                System.getProperty("java.class.path"), Main.class.getName(), "serve", "--worker", "--reuse-port",
                "--model", "reactor", "--loops", "1", "--poller", poller, "--data-dir", dataDir.toString(),
                "--max-connections", String.valueOf(maxConnections), "--max-per-address", String.valueOf(maxPerAddress),
                "--idle-timeout", idleTimeout.toMillis() + "ms", "--write-timeout", writeTimeout.toMillis() + "ms",
                "--request-timeout", requestTimeout.toMillis() + "ms", "--on-emfile", onEmfile.name(),
                // of the services' limits only the files service's: chat and http refuse worker processes
                "--files-max-size", String.valueOf(filesMaxSize), "--files-reserve", String.valueOf(filesReserve),
                "--files-max-request", String.valueOf(filesMaxRequest)));
        if (tlsCert != null) {
            command.addAll(List.of("--tls-cert", tlsCert.toAbsolutePath().toString(), "--tls-key",
                    tlsKey.toAbsolutePath().toString(), "--tls-handshake-timeout", tlsHandshakeTimeout.toMillis() + "ms"));
        }
        for (String block : allow) {
            command.add("--allow");
            command.add(block);
        }
        for (String block : deny) {
            command.add("--deny");
            command.add(block);
        }
        for (Map.Entry<Service, List<Endpoint>> entry : fixed.entrySet()) {
            for (Endpoint endpoint : entry.getValue()) {
                command.add("--listen");
                command.add(entry.getKey().name() + "=" + endpoint);
            }
        }
        PreforkSupervisor supervisor = new PreforkSupervisor(command, workers);
        try {
            supervisor.start();
        } catch (IOException e) {
            supervisor.stop(GRACE);
            spec.commandLine().getErr().println("switchboard: prefork workers did not start: " + e.getMessage()
                    + " (see the worker's message above)");
            return 1;
        }
        CountDownLatch stop = new CountDownLatch(1);
        StopSignals.install(stop::countDown);
        List<RunningService> described = new ArrayList<>();
        for (Map.Entry<Service, List<Endpoint>> entry : fixed.entrySet()) {
            described.add(RunningService.describing(entry.getKey(), entry.getValue()));
        }
        printTable(described, "prefork (" + workers + " worker processes " + supervisor.workerPids()
                + ", each a reactor with one loop on " + poller + ")");
        stop.await();
        System.err.println("stopping...");
        supervisor.stop(Duration.ofSeconds(5));
        return 0;
    }

    private static boolean isTls(Endpoint endpoint) {
        return endpoint instanceof TcpEndpoint tcp && tcp.tls();
    }

    /**
     * The TLS settings the flags ask for, or {@code null} when no endpoint is {@code tls://}. A
     * self-signed certificate is made here, its fingerprint printed and its PEM written for clients.
     */
    private TlsConfig tlsConfig(boolean wantsTls) throws IOException {
        boolean pem = tlsCert != null || tlsKey != null;
        if (pem && tlsSelfSigned) {
            throw usage("--tls-self-signed and --tls-cert/--tls-key exclude each other: choose one");
        }
        if (pem && (tlsCert == null || tlsKey == null)) {
            throw usage(tlsCert == null ? "--tls-key needs --tls-cert" : "--tls-cert needs --tls-key");
        }
        if (!wantsTls) {
            if (pem || tlsSelfSigned) {
                throw usage("TLS flags given but no tls:// endpoint: use e.g. --listen echo=tls://127.0.0.1:7443");
            }
            return null;
        }
        if (!pem && !tlsSelfSigned) {
            throw usage("tls:// endpoints need a certificate: --tls-cert FILE --tls-key FILE, or --tls-self-signed");
        }
        try {
            if (pem) {
                return new TlsConfig(TlsContexts.server(tlsCert, tlsKey), tlsHandshakeTimeout);
            }
            SelfSignedCertificate certificate = SelfSignedCertificate.generate();
            Path pemFile = dataDir.resolve("tls").resolve("self-signed-cert.pem");
            Files.createDirectories(pemFile.getParent());
            Files.writeString(pemFile, certificate.certificatePem());
            PrintWriter err = spec.commandLine().getErr();
            err.println("TLS: self-signed development certificate for localhost and 127.0.0.1");
            err.println("  SHA-256 fingerprint " + certificate.fingerprint());
            err.println("  certificate written to " + pemFile + " (clients: --cacert " + pemFile + ")");
            err.flush();
            return new TlsConfig(certificate.serverContext(), tlsHandshakeTimeout);
        } catch (TlsSetupException e) {
            throw usage("TLS: " + e.getMessage());
        } catch (IllegalArgumentException e) {
            throw usage("--tls-handshake-timeout: " + e.getMessage());
        }
    }

    /** A free port for a port-0 endpoint: every worker must bind the same one. */
    private static int freePort(InetEndpoint endpoint) throws IOException {
        if (endpoint.isStream()) {
            try (java.net.ServerSocket probe = new java.net.ServerSocket(0, 1,
                    java.net.InetAddress.getByName(endpoint.host()))) {
                return probe.getLocalPort();
            }
        }
        try (java.net.DatagramSocket probe = new java.net.DatagramSocket(0, java.net.InetAddress.getByName(endpoint.host()))) {
            return probe.getLocalPort();
        }
    }

    /** The socketserver models: one blocking server per endpoint, each on its own serving thread. */
    private int serveBlocking(Map<Service, List<Endpoint>> plan, TlsConfig tls, ServiceOptions serviceOptions)
            throws InterruptedException {
        Dispatch dispatch = switch (model) {
            case iterative -> Dispatch.iterative();
            case threads -> Dispatch.threads(maxThreads);
            default -> Dispatch.virtual();
        };
        ServerConfig config = ServerConfig.DEFAULTS.withDispatch(dispatch).withShutdownGrace(GRACE)
                .withAccess(limits().access()).withOnEmfile(onEmfile).withRequestTimeout(requestTimeout);
        if (!idleTimeout.isZero()) {
            config = config.withReadTimeout(idleTimeout);
        }
        List<RunningService> running = new ArrayList<>();
        ServiceContext context = new ServiceContext(dataDir, new ServiceDirectory(), serviceOptions);
        context.directory().describeModel(model + (model == Model.threads ? " (at most " + maxThreads + ")" : ""));
        try {
            for (Map.Entry<Service, List<Endpoint>> entry : plan.entrySet()) {
                running.add(ServiceRunner.startBlocking(entry.getKey(), entry.getValue(), config, context, tls));
            }
        } catch (IOException | RuntimeException e) {
            running.forEach(RunningService::close);
            spec.commandLine().getErr().println("switchboard: " + e.getMessage());
            return 1;
        }
        CountDownLatch stop = new CountDownLatch(1);
        StopSignals.install(stop::countDown);
        printTable(running, model + " (" + describe(dispatch) + ")");
        stop.await();
        System.err.println("stopping...");
        List<Thread> closing = new ArrayList<>();
        for (RunningService service : running) {
            closing.add(Thread.ofPlatform().start(service::close)); // in parallel: each waits its own grace
        }
        for (Thread thread : closing) {
            thread.join();
        }
        return 0;
    }

    private static String describe(Dispatch dispatch) {
        return switch (dispatch) {
            case Dispatch.Iterative iterative -> "one request at a time";
            case Dispatch.Threads threads -> "up to " + threads.maxThreads() + " threads";
            case Dispatch.Virtual virtual -> "a virtual thread per connection";
        };
    }

    /** Which services, on which endpoints: defaults, named ones, and those moved by --listen. */
    private Map<Service, List<Endpoint>> plan() {
        Map<Service, List<Endpoint>> plan = new LinkedHashMap<>();
        List<Service> chosen = new ArrayList<>();
        try {
            for (String name : names) {
                chosen.add(ServiceCatalog.named(name));
            }
            if (chosen.isEmpty() && listen.isEmpty()) {
                chosen.addAll(ServiceCatalog.defaults());
            }
            for (Service service : chosen) {
                plan.put(service, new ArrayList<>(service.defaultEndpoints(host)));
            }
            Map<Service, List<Endpoint>> moved = new LinkedHashMap<>();
            for (String entry : listen) {
                int equals = entry.indexOf('=');
                if (equals <= 0) {
                    throw usage("--listen '" + entry + "': expected SERVICE=ENDPOINT, e.g. echo=tcp://127.0.0.1:7777");
                }
                Service service = ServiceCatalog.named(entry.substring(0, equals));
                moved.computeIfAbsent(service, s -> new ArrayList<>()).add(Endpoint.parse(entry.substring(equals + 1)));
            }
            plan.putAll(moved);
        } catch (EndpointFormatException e) {
            throw usage("--listen: " + e.getMessage());
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage());
        }
        for (Map.Entry<Service, List<Endpoint>> entry : plan.entrySet()) {
            for (Endpoint endpoint : entry.getValue()) {
                Service service = entry.getKey();
                boolean ok = endpoint.isStream() ? service.hasStreamForm()
                        : service.newDatagramProtocol().isPresent();
                if (!ok) {
                    throw usage("service " + service.name() + " has no " + (endpoint.isStream() ? "stream" : "datagram")
                            + " form, so it cannot listen on " + endpoint);
                }
            }
        }
        return plan;
    }

    /**
     * Leaves out what cannot work under the chosen model: a service named on the command line is
     * refused (exit status 2) with its reason; one that came only from the default set is left
     * out with a note, so a bare {@code serve --model prefork} still serves the rest.
     */
    private Map<Service, List<Endpoint>> fitToModel(Map<Service, List<Endpoint>> plan) {
        Map<Service, List<Endpoint>> fit = new LinkedHashMap<>();
        for (Map.Entry<Service, List<Endpoint>> entry : plan.entrySet()) {
            Service service = entry.getKey();
            Optional<String> refusal = switch (model) {
                case prefork -> service.refusesWorkerProcesses();
                case iterative -> service.refusesOneAtATime();
                default -> Optional.empty();
            };
            if (refusal.isEmpty()) {
                fit.put(service, entry.getValue());
                continue;
            }
            boolean named = names.contains(service.name())
                    || listen.stream().anyMatch(l -> l.startsWith(service.name() + "="));
            if (named) {
                throw usage("--model " + model + " cannot serve " + service.name() + ": " + refusal.get() + ".");
            }
            spec.commandLine().getErr().println("note: " + service.name() + " is not started under --model " + model
                    + ": " + refusal.get() + ".");
        }
        if (fit.isEmpty()) {
            throw usage("nothing left to serve under --model " + model);
        }
        return fit;
    }

    private Backend backend() {
        try {
            return Backends.named(poller);
        } catch (IllegalArgumentException | UnsupportedOperationException e) {
            throw usage("--poller: " + e.getMessage());
        }
    }

    private CommandLine.ParameterException usage(String message) {
        return new CommandLine.ParameterException(spec.commandLine(), message);
    }

    private void printTable(List<RunningService> running, String how) {
        PrintWriter out = spec.commandLine().getOut();
        out.printf("switchboard serving: model %s%n", how);
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"SERVICE", "LISTENING", "TRY"});
        for (RunningService service : running) {
            List<String> endpoints = service.boundEndpoints().stream().map(Endpoint::toString).toList();
            rows.add(new String[] {service.service().name(), String.join(" ", endpoints),
                service.service().howToTry(service.boundEndpoints().getFirst())
                        .orElseGet(() -> tryIt(service.boundEndpoints().getFirst()))});
        }
        int nameWidth = rows.stream().mapToInt(row -> row[0].length()).max().orElse(7);
        int endpointWidth = rows.stream().mapToInt(row -> row[1].length()).max().orElse(9);
        for (String[] row : rows) {
            out.printf("  %-" + nameWidth + "s  %-" + endpointWidth + "s  %s%n", row[0], row[1], row[2]);
        }
        out.println("Press Ctrl-C to stop.");
        out.flush();
    }

    /** A one-line way to talk to an endpoint with netcat. */
    static String tryIt(Endpoint endpoint) {
        return switch (endpoint) {
            case TcpEndpoint tcp when tcp.tls() -> "openssl s_client -quiet -connect " + tcp.hostAndPort();
            case TcpEndpoint tcp -> "nc " + tcp.host() + " " + tcp.port();
            case UdpEndpoint udp -> "nc -u " + udp.host() + " " + udp.port();
            case UnixEndpoint unix -> "nc -U " + unix.path();
            case UnixDatagramEndpoint unixgram -> "nc -uU " + unixgram.path();
            case InetEndpoint other -> "nc " + other.host() + " " + other.port();
        };
    }
}
