package io.switchboard.reactor;

import io.switchboard.endpoint.Endpoint;
import io.switchboard.metrics.TrafficStats;

/**
 * A listening socket the reactor accepts on, from {@link Reactor#listen}.
 *
 * <p>Thread-safety: every method is safe from any thread.
 */
public interface Listener extends AutoCloseable {

    /** Where it listens, with the real port when port 0 was asked for. */
    Endpoint endpoint();

    /** Counters of its connections. */
    TrafficStats stats();

    /** Stops accepting and closes the listening socket; open connections stay. */
    @Override
    void close();
}
