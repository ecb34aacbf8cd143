package io.switchboard.endpoint;

import java.net.UnixDomainSocketAddress;
import java.nio.file.Path;

/**
 * A Unix domain datagram socket, written {@code unixgram:///path/to/socket}. The JDK has no such socket; the native layer provides it.
 *
 * @param path the socket file's path
 */
public record UnixDatagramEndpoint(Path path) implements Endpoint {

    /** Validates the path: present and not empty. */
    public UnixDatagramEndpoint {
        if (path == null || path.toString().isEmpty()) {
            throw new IllegalArgumentException("path: '" + path + "' (expected: a socket file path)");
        }
    }

    @Override
    public boolean isStream() {
        return false;
    }

    @Override
    public String scheme() {
        return "unixgram";
    }

    @Override
    public UnixDomainSocketAddress toSocketAddress() {
        return UnixDomainSocketAddress.of(path);
    }

    @Override
    public String toString() {
        return "unixgram://" + path;
    }
}
