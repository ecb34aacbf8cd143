package io.switchboard.services;

import io.switchboard.endpoint.Endpoint;
import io.switchboard.endpoint.TcpEndpoint;
import io.switchboard.metrics.TrafficStats;
import io.switchboard.reactor.DatagramProtocol;
import io.switchboard.reactor.DatagramTransport;
import io.switchboard.reactor.Listener;
import io.switchboard.reactor.ProtocolFactory;
import io.switchboard.reactor.Reactor;
import io.switchboard.tls.TlsConfig;
import io.switchboard.tls.TlsProtocols;
import java.io.IOException;
import java.net.BindException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Starts a {@link Service} on a {@link Reactor}: every endpoint or none.
 *
 * <p>Thread-safe (stateless).
 */
public final class ServiceRunner {

    private ServiceRunner() {
    }

    /**
     * Starts {@code service} under a blocking model (iterative, threads or virtual, as
     * {@code config.dispatch()} says): one socketserver-style server per endpoint, each served on
     * its own thread. The service's protocols run unchanged through
     * {@link io.switchboard.server.ProtocolHandler} and {@link io.switchboard.server.DatagramProtocolAdapter}.
     */
    public static RunningService startBlocking(Service service, List<Endpoint> endpoints,
            io.switchboard.server.ServerConfig config) throws IOException {
        return startBlocking(service, endpoints, config, ServiceContext.inWorkingDirectory());
    }

    /** As {@link #startBlocking(Service, List, io.switchboard.server.ServerConfig)}, with the service's data directory. */
    public static RunningService startBlocking(Service service, List<Endpoint> endpoints,
            io.switchboard.server.ServerConfig config, ServiceContext context) throws IOException {
        return startBlocking(service, endpoints, config, context, null);
    }

    /**
     * As {@link #startBlocking(Service, List, io.switchboard.server.ServerConfig, ServiceContext)},
     * serving every {@code tls://} endpoint's connections inside TLS with {@code tls} (an
     * {@code SSLSocket} per connection; {@code null} when no endpoint is {@code tls://}).
     *
     * @throws IllegalArgumentException for a {@code tls://} endpoint without a {@code tls} config
     */
    public static RunningService startBlocking(Service service, List<Endpoint> endpoints,
            io.switchboard.server.ServerConfig config, ServiceContext context, TlsConfig tls) throws IOException {
        TrafficStats stats = config.stats() != null ? config.stats() : new TrafficStats();
        config = config.withStats(stats); // every endpoint's server counts into the service's counters
        List<AutoCloseable> opened = new ArrayList<>();
        List<Endpoint> bound = new ArrayList<>();
        Optional<ProtocolFactory> streams = service.streamFactory(context); // once: shared by every endpoint
        streams.filter(AutoCloseable.class::isInstance).ifPresent(factory -> opened.add((AutoCloseable) factory));
        try {
            for (Endpoint endpoint : endpoints) {
                io.switchboard.server.BaseServer server = blockingServer(service, streams, endpoint, config, tls);
                opened.add(server);
                bound.add(server.endpoint());
                Thread.ofPlatform().name("serve-" + service.name() + "-" + server.endpoint()).start(() -> {
                    try {
                        server.serveForever(java.time.Duration.ofMillis(500));
                    } catch (IOException e) {
                        System.getLogger(ServiceRunner.class.getName()).log(System.Logger.Level.ERROR,
                                "serving " + server.endpoint() + " failed", e);
                    }
                });
            }
        } catch (IOException e) {
            throw rolledBack(service, opened, e);
        } catch (RuntimeException e) {
            closeAll(opened, e);
            throw e;
        }
        return registered(context, new RunningService(service, bound, stats, opened));
    }

    /** Lists a started service in its context's directory until it is closed. */
    private static RunningService registered(ServiceContext context, RunningService running) {
        context.directory().add(running);
        running.onClose(() -> context.directory().remove(running));
        return running;
    }

    /** Closes what was opened before a failure and names the service in a bind failure. */
    private static IOException rolledBack(Service service, List<AutoCloseable> opened, IOException failure) {
        closeAll(opened, failure);
        if (failure instanceof BindException) {
            BindException named = new BindException("service " + service.name() + ": " + failure.getMessage());
            named.initCause(failure);
            return named;
        }
        return failure;
    }

    private static void closeAll(List<AutoCloseable> opened, Exception failure) {
        for (AutoCloseable resource : opened) {
            try {
                resource.close();
            } catch (Exception suppressed) {
                failure.addSuppressed(suppressed);
            }
        }
    }

    private static io.switchboard.server.BaseServer blockingServer(Service service,
            Optional<ProtocolFactory> streams, Endpoint endpoint, io.switchboard.server.ServerConfig config,
            TlsConfig tls) throws IOException {
        return switch (endpoint) {
            case io.switchboard.endpoint.TcpEndpoint tcp when tcp.tls() -> {
                if (tls == null) {
                    throw new IllegalArgumentException("service " + service.name() + ": " + endpoint
                            + " needs a certificate (--tls-cert and --tls-key, or --tls-self-signed)");
                }
                yield new io.switchboard.server.TcpServer(tcp,
                        io.switchboard.server.ProtocolHandler.of(streamForm(service, streams, endpoint)), config, tls);
            }
            case io.switchboard.endpoint.TcpEndpoint tcp -> new io.switchboard.server.TcpServer(tcp,
                    io.switchboard.server.ProtocolHandler.of(streamForm(service, streams, endpoint)), config);
            case io.switchboard.endpoint.UnixEndpoint unix -> new io.switchboard.server.UnixStreamServer(unix,
                    io.switchboard.server.ProtocolHandler.of(streamForm(service, streams, endpoint)), config);
            case io.switchboard.endpoint.UdpEndpoint udp -> new io.switchboard.server.UdpServer(udp,
                    new io.switchboard.server.DatagramProtocolAdapter(datagramForm(service, endpoint)).handlers(), config);
            case io.switchboard.endpoint.UnixDatagramEndpoint unixgram -> new io.switchboard.server.UnixDatagramServer(
                    unixgram, new io.switchboard.server.DatagramProtocolAdapter(datagramForm(service, endpoint)).handlers(),
                    config);
        };
    }

    private static ProtocolFactory streamForm(Service service, Optional<ProtocolFactory> streams, Endpoint endpoint) {
        return streams.orElseThrow(() -> new IllegalArgumentException(
                "service " + service.name() + " has no stream form for " + endpoint));
    }

    private static DatagramProtocol datagramForm(Service service, Endpoint endpoint) {
        return service.newDatagramProtocol().orElseThrow(() -> new IllegalArgumentException(
                "service " + service.name() + " has no datagram form for " + endpoint));
    }

    /** Starts {@code service} on its default endpoints for {@code host}. */
    public static RunningService start(Reactor reactor, Service service, String host) throws IOException {
        return start(reactor, service, service.defaultEndpoints(host));
    }

    /**
     * Binds every endpoint; if one fails, closes the ones already bound and throws.
     *
     * @throws BindException naming the service and the endpoint when an address is in use
     * @throws IllegalArgumentException when the service has no form for an endpoint's kind
     *                                  (e.g. a UDP endpoint for a stream-only service)
     */
    public static RunningService start(Reactor reactor, Service service, List<Endpoint> endpoints) throws IOException {
        return start(reactor, service, endpoints, io.switchboard.io.ListenOptions.DEFAULTS);
    }

    /** As {@link #start(Reactor, Service, List)}, with socket options (SO_REUSEPORT for prefork workers). */
    public static RunningService start(Reactor reactor, Service service, List<Endpoint> endpoints,
            io.switchboard.io.ListenOptions options) throws IOException {
        return start(reactor, service, endpoints, options, ServiceContext.inWorkingDirectory());
    }

    /** As {@link #start(Reactor, Service, List, io.switchboard.io.ListenOptions)}, with the service's data directory. */
    public static RunningService start(Reactor reactor, Service service, List<Endpoint> endpoints,
            io.switchboard.io.ListenOptions options, ServiceContext context) throws IOException {
        return start(reactor, service, endpoints, options, context, io.switchboard.limits.ConnectionLimits.DEFAULTS);
    }

    /**
     * As {@link #start(Reactor, Service, List, io.switchboard.io.ListenOptions, ServiceContext)}, with connection
     * limits for every stream endpoint; their access policy also filters every datagram endpoint.
     */
    public static RunningService start(Reactor reactor, Service service, List<Endpoint> endpoints,
            io.switchboard.io.ListenOptions options, ServiceContext context, io.switchboard.limits.ConnectionLimits limits)
            throws IOException {
        return start(reactor, service, endpoints, options, context, limits, null);
    }

    /**
     * As {@link #start(Reactor, Service, List, io.switchboard.io.ListenOptions, ServiceContext,
     * io.switchboard.limits.ConnectionLimits)}, serving every {@code tls://} endpoint's connections
     * inside TLS with {@code tls} ({@code null} when no endpoint is {@code tls://}).
     *
     * @throws IllegalArgumentException for a {@code tls://} endpoint without a {@code tls} config
     */
    public static RunningService start(Reactor reactor, Service service, List<Endpoint> endpoints,
            io.switchboard.io.ListenOptions options, ServiceContext context, io.switchboard.limits.ConnectionLimits limits,
            TlsConfig tls) throws IOException {
        TrafficStats stats = new TrafficStats();
        List<AutoCloseable> opened = new ArrayList<>();
        List<Endpoint> bound = new ArrayList<>();
        Optional<ProtocolFactory> streams = service.streamFactory(context); // once: shared by every endpoint
        streams.filter(AutoCloseable.class::isInstance).ifPresent(factory -> opened.add((AutoCloseable) factory));
        try {
            for (Endpoint endpoint : endpoints) {
                if (endpoint.isStream()) {
                    ProtocolFactory factory = streamForm(service, streams, endpoint);
                    if (endpoint instanceof TcpEndpoint tcp && tcp.tls()) {
                        if (tls == null) {
                            throw new IllegalArgumentException("service " + service.name() + ": " + endpoint
                                    + " needs a certificate (--tls-cert and --tls-key, or --tls-self-signed)");
                        }
                        Listener listener = reactor.listen(tcp.withTls(false), TlsProtocols.server(tls, factory), stats,
                                limits, options);
                        opened.add(listener);
                        bound.add(((TcpEndpoint) listener.endpoint()).withTls(true));
                        continue;
                    }
                    Listener listener = reactor.listen(endpoint, factory, stats, limits, options);
                    opened.add(listener);
                    bound.add(listener.endpoint());
                } else {
                    DatagramProtocol protocol = service.newDatagramProtocol().orElseThrow(() ->
                            new IllegalArgumentException("service " + service.name() + " has no datagram form for "
                                    + endpoint));
                    DatagramTransport transport = reactor.bindDatagram(endpoint, protocol, stats, options, limits.access());
                    opened.add(transport);
                    bound.add(Endpoint.of(transport.localAddress(), false));
                }
            }
        } catch (IOException e) {
            throw rolledBack(service, opened, e);
        } catch (RuntimeException e) {
            closeAll(opened, e);
            throw e;
        }
        return registered(context, new RunningService(service, bound, stats, opened));
    }
}
