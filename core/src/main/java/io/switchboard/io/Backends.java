package io.switchboard.io;

import io.switchboard.io.linux.Linux;
import io.switchboard.io.nio.NioBackend;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The one place a backend is chosen: by the name the {@code --poller} flag uses, or the default
 * for this platform.
 *
 * <p>Thread-safe; backends are created lazily and shared.
 */
public final class Backends {

    /** The names in order of preference, each with how to make it. */
    private static final Map<String, Supplier<Backend>> KNOWN = new LinkedHashMap<>();

    static {
        KNOWN.put("nio", NioBackend::new);
        for (String poller : Linux.POLLERS) {
            KNOWN.put(poller, () -> Linux.backend(poller));
        }
    }

    private Backends() {
    }

    /** Every backend name this build knows, whether or not it is available here. */
    public static List<String> names() {
        return List.copyOf(KNOWN.keySet());
    }

    /**
     * The backend with this name.
     *
     * @throws IllegalArgumentException naming the valid choices when the name is unknown
     * @throws UnsupportedOperationException saying why, when the backend cannot run here
     */
    public static Backend named(String name) {
        Supplier<Backend> maker = KNOWN.get(name);
        if (maker == null) {
            throw new IllegalArgumentException("unknown poller '" + name + "' (expected one of: "
                    + String.join(", ", KNOWN.keySet()) + ")");
        }
        return maker.get();
    }

    /** The default backend: {@code nio} until the native pollers are measured faster. */
    public static Backend defaultBackend() {
        return named("nio");
    }

    /** Why {@code name} cannot be used here, or empty when it can. */
    public static Optional<String> unavailabilityCause(String name) {
        if (!KNOWN.containsKey(name)) {
            return Optional.of("no poller named '" + name + "' in this build");
        }
        return Linux.POLLERS.contains(name) ? Linux.unavailabilityCause() : Optional.empty();
    }

    /** A backend that can bind Unix datagram sockets (the JDK cannot), if this platform has one. */
    public static Optional<Backend> unixDatagramCapable() {
        return Linux.isAvailable() ? Optional.of(Linux.backend("epoll")) : Optional.empty();
    }
}
