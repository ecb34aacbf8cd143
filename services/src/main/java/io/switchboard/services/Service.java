package io.switchboard.services;

import io.switchboard.endpoint.Endpoint;
import io.switchboard.reactor.DatagramProtocol;
import io.switchboard.reactor.ProtocolFactory;
import java.util.List;
import java.util.Optional;

/**
 * A named network service the CLI can start: its default endpoints and the protocols that serve
 * them. One implementation serves every endpoint kind it supports (TCP and Unix stream through
 * {@link #streamFactory(ServiceContext)}, UDP and Unix datagram through {@link #newDatagramProtocol()}).
 *
 * <p>Thread-safety: implementations are immutable or thread-safe; the factory is called from
 * every event loop.
 */
public interface Service {

    /** The name used on the command line: {@code timestamp}, {@code echo}, ... */
    String name();

    /** One line saying what the service does, for {@code serve}'s table and {@code --help}. */
    String description();

    /** Where it listens by default on {@code host}, e.g. {@code tcp://127.0.0.1:21567} and {@code udp://127.0.0.1:21567}. */
    List<Endpoint> defaultEndpoints(String host);

    /**
     * The protocols for stream connections, or empty if the service has no stream form. Called
     * once per start of the service and shared by all its stream endpoints, so state the
     * service's clients share (a chat room) lives in what the factory captures.
     *
     * @throws java.io.UncheckedIOException if the service cannot prepare its data (e.g. create its directory)
     */
    Optional<ProtocolFactory> streamFactory(ServiceContext context);

    /**
     * Whether the service serves stream endpoints (TCP, Unix stream): checked before anything
     * starts, without building the shared state {@link #streamFactory} builds.
     */
    default boolean hasStreamForm() {
        return true;
    }

    /** A fresh protocol for one bound datagram socket, or empty if the service has no datagram form. */
    default Optional<DatagramProtocol> newDatagramProtocol() {
        return Optional.empty();
    }

    /**
     * Why this service cannot run as several worker processes sharing its port ({@code --model
     * prefork}), when its clients share state those processes would not; empty when it can.
     */
    default Optional<String> refusesWorkerProcesses() {
        return Optional.empty();
    }

    /**
     * Why this service cannot run on a server that handles one connection at a time
     * ({@code --model iterative}), when its clients must be connected together; empty when it can.
     */
    default Optional<String> refusesOneAtATime() {
        return Optional.empty();
    }

    /** Whether this service is started by a bare {@code serve} (the seed examples are started by name only). */
    default boolean startsByDefault() {
        return true;
    }
}
