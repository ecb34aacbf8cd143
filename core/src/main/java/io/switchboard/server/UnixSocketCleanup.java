package io.switchboard.server;

import io.switchboard.endpoint.Endpoint;
import io.switchboard.endpoint.UnixDatagramEndpoint;
import io.switchboard.endpoint.UnixEndpoint;
import java.io.IOException;
import java.nio.file.Files;

/** Removes the socket file a Unix server bound, when it closes. */
final class UnixSocketCleanup {

    private UnixSocketCleanup() {
    }

    static void remove(Endpoint endpoint) {
        try {
            switch (endpoint) {
                case UnixEndpoint unix -> Files.deleteIfExists(unix.path());
                case UnixDatagramEndpoint unixgram -> Files.deleteIfExists(unixgram.path());
                default -> {
                    // nothing on disk
                }
            }
        } catch (IOException e) {
            System.getLogger(UnixSocketCleanup.class.getName()).log(System.Logger.Level.DEBUG,
                    () -> "removing the socket file of " + endpoint + ": " + e);
        }
    }
}
