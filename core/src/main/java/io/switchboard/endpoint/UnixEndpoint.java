package io.switchboard.endpoint;

import java.net.UnixDomainSocketAddress;
import java.nio.file.Path;

/**
 * A Unix domain stream socket, written {@code unix:///path/to/socket}.
 *
 * @param path the socket file's path
 */
public record UnixEndpoint(Path path) implements Endpoint {

    /** Validates the path: present and not empty. */
    public UnixEndpoint {
        if (path == null || path.toString().isEmpty()) {
            throw new IllegalArgumentException("path: '" + path + "' (expected: a socket file path)");
        }
    }

    @Override
    public boolean isStream() {
        return true;
    }

    @Override
    public String scheme() {
        return "unix";
    }

    @Override
    public UnixDomainSocketAddress toSocketAddress() {
        return UnixDomainSocketAddress.of(path);
    }

    @Override
    public String toString() {
        return "unix://" + path;
    }
}
