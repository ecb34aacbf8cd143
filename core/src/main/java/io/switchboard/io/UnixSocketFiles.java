package io.switchboard.io;

import java.io.IOException;
import java.net.BindException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.function.Predicate;

/**
 * For backends: the socket file a Unix socket binds to outlives the process that bound it. Before
 * binding, a leftover file is removed, but only when it is a socket nothing listens on; a live
 * server's socket is never taken over, and a regular file is never deleted.
 *
 * <p>Thread-safe (stateless).
 */
public final class UnixSocketFiles {

    private UnixSocketFiles() {
    }

    /**
     * Removes {@code path} if it is a stale socket file.
     *
     * @param isLive answers whether something accepts (or receives) on the socket at {@code path}
     * @throws BindException if the path is a live socket, or exists and is not a socket
     */
    public static void removeStale(Path path, String endpoint, Predicate<Path> isLive) throws IOException {
        if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        if (!isSocketFile(path)) {
            throw new BindException("bind " + endpoint + " failed: the path exists and is not a socket");
        }
        if (isLive.test(path)) {
            throw new BindException("bind " + endpoint + " failed: address in use (a server is bound to it)");
        }
        Files.deleteIfExists(path);
    }

    private static boolean isSocketFile(Path path) {
        try {
            Object mode = Files.getAttribute(path, "unix:mode", LinkOption.NOFOLLOW_LINKS);
            return mode instanceof Integer bits && (bits & 0170000) == 0140000;
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return false;
        }
    }
}
