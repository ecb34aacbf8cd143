package io.switchboard.services;

import io.switchboard.endpoint.Endpoint;
import io.switchboard.metrics.TrafficStats;
import java.util.List;

/**
 * A service started on a reactor: where it really listens (real ports after port 0) and its counters.
 *
 * <p>Thread-safe. {@link #close()} stops its listeners and datagram sockets; connections already
 * open are the reactor's to close.
 */
public final class RunningService implements AutoCloseable {

    private final Service service;
    private final List<Endpoint> boundEndpoints;
    private final TrafficStats stats;
    private final List<AutoCloseable> resources;
    private final java.util.concurrent.CopyOnWriteArrayList<Runnable> onClose = new java.util.concurrent.CopyOnWriteArrayList<>();

    RunningService(Service service, List<Endpoint> boundEndpoints, TrafficStats stats, List<AutoCloseable> resources) {
        this.service = service;
        this.boundEndpoints = List.copyOf(boundEndpoints);
        this.stats = stats;
        this.resources = List.copyOf(resources);
    }

    /**
     * A description of a service that runs elsewhere (in prefork worker processes): where it
     * listens; its counters stay at zero here, and closing it does nothing.
     */
    public static RunningService describing(Service service, List<Endpoint> endpoints) {
        return new RunningService(service, endpoints, new TrafficStats(), List.of());
    }

    /** The service. */
    public Service service() {
        return service;
    }

    /** The endpoints it is bound to, with real ports. */
    public List<Endpoint> boundEndpoints() {
        return boundEndpoints;
    }

    /** Counters shared by all of its endpoints. */
    public TrafficStats stats() {
        return stats;
    }

    /** Runs {@code action} when this service is closed. */
    void onClose(Runnable action) {
        onClose.add(action);
    }

    /** Stops listening on every endpoint (and releases what the service's factory holds). */
    @Override
    public void close() {
        for (Runnable action : onClose) {
            action.run();
        }
        for (AutoCloseable resource : resources) {
            try {
                resource.close();
            } catch (Exception e) {
                System.getLogger(RunningService.class.getName())
                        .log(System.Logger.Level.DEBUG, "closing " + service.name() + ": " + e);
            }
        }
    }
}
