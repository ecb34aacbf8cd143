package io.switchboard.services;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * What the services started together know of each other: which are running (for the HTTP status
 * page) and the state one service offers another (the chat rooms, joined by the browser chat).
 * One directory per {@code serve}; {@link ServiceRunner} registers every service it starts.
 *
 * <p>Thread-safe.
 */
public final class ServiceDirectory {

    private final CopyOnWriteArrayList<RunningService> running = new CopyOnWriteArrayList<>();
    private final ConcurrentHashMap<Class<?>, Object> shared = new ConcurrentHashMap<>();
    private volatile String model = "reactor";

    /** Registers a started service. */
    public void add(RunningService service) {
        running.add(service);
    }

    /** Forgets a stopped service. */
    public void remove(RunningService service) {
        running.remove(service);
    }

    /** The running services, in start order. */
    public List<RunningService> running() {
        return List.copyOf(running);
    }

    /** Says how the services run, e.g. {@code reactor (epoll, 2 loops)}, for the status page. */
    public void describeModel(String description) {
        model = description;
    }

    /** How the services run. */
    public String model() {
        return model;
    }

    /** Offers {@code value} to the other services under its type (the latest offer wins). */
    public <T> void share(Class<T> type, T value) {
        shared.put(type, value);
    }

    /** What another service offered under {@code type}, if it runs. */
    public <T> Optional<T> find(Class<T> type) {
        return Optional.ofNullable(type.cast(shared.get(type)));
    }
}
