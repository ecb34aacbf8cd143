package io.switchboard.services;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every service this build knows, by name, in the order {@code serve} prints them.
 *
 * <p>Thread-safe: the catalog is built once and never changes.
 */
public final class ServiceCatalog {

    private static final Map<String, Service> BY_NAME = build();

    private ServiceCatalog() {
    }

    private static Map<String, Service> build() {
        Map<String, Service> services = new LinkedHashMap<>();
        for (Service service : List.<Service>of(
                new TimestampService(), new EchoService(), new UpperService(), new CallCenterService(),
                new io.switchboard.services.chat.ChatService(), new io.switchboard.services.files.FilesService(),
                new HelloService(), new HaoService(), new AckService())) {
            services.put(service.name(), service);
        }
        return Collections.unmodifiableMap(services);
    }

    /** Every service, in table order. */
    public static List<Service> all() {
        return List.copyOf(BY_NAME.values());
    }

    /** The services a bare {@code serve} starts. */
    public static List<Service> defaults() {
        List<Service> defaults = new ArrayList<>();
        for (Service service : BY_NAME.values()) {
            if (service.startsByDefault()) {
                defaults.add(service);
            }
        }
        return List.copyOf(defaults);
    }

    /** Every service name, in table order. */
    public static List<String> names() {
        return List.copyOf(BY_NAME.keySet());
    }

    /**
     * The service with this name.
     *
     * @throws IllegalArgumentException naming the valid services when there is none
     */
    public static Service named(String name) {
        Service service = BY_NAME.get(name);
        if (service == null) {
            throw new IllegalArgumentException("unknown service '" + name + "' (expected one of: "
                    + String.join(", ", BY_NAME.keySet()) + ")");
        }
        return service;
    }
}
