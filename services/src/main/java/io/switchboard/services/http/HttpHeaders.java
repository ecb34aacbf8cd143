package io.switchboard.services.http;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A request's or response's header fields in arrival order, names compared without regard to case.
 * Few fields per message, so a list beats a map.
 *
 * <p>Not thread-safe; a parsed request's headers are not changed after parsing.
 */
public final class HttpHeaders {

    private final List<String> names = new ArrayList<>(12);
    private final List<String> values = new ArrayList<>(12);

    /** Appends a field (a repeated name keeps every value). */
    public HttpHeaders add(String name, String value) {
        names.add(name);
        values.add(value);
        return this;
    }

    /** The first value of {@code name}, or {@code null}. */
    public String get(String name) {
        for (int i = 0; i < names.size(); i++) {
            if (names.get(i).equalsIgnoreCase(name)) {
                return values.get(i);
            }
        }
        return null;
    }

    /** Every value of {@code name}, in order. */
    public List<String> all(String name) {
        List<String> found = new ArrayList<>(2);
        for (int i = 0; i < names.size(); i++) {
            if (names.get(i).equalsIgnoreCase(name)) {
                found.add(values.get(i));
            }
        }
        return Collections.unmodifiableList(found);
    }

    /** Whether a comma-separated field {@code name} lists {@code token} (case-insensitive), e.g. {@code Connection: close}. */
    public boolean hasToken(String name, String token) {
        for (int i = 0; i < names.size(); i++) {
            if (names.get(i).equalsIgnoreCase(name)) {
                for (String part : values.get(i).split(",")) {
                    if (part.strip().equalsIgnoreCase(token)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    /** How many fields. */
    public int size() {
        return names.size();
    }

    /** The name of field {@code i}. */
    public String name(int i) {
        return names.get(i);
    }

    /** The value of field {@code i}. */
    public String value(int i) {
        return values.get(i);
    }
}
