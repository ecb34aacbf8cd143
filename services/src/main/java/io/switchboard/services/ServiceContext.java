package io.switchboard.services;

import java.nio.file.Path;
import java.util.Objects;

/**
 * What a service is given when it starts: where it may keep files. Services that keep nothing
 * ignore it.
 *
 * @param dataDir the directory for the services' data ({@code --data-dir}); each service uses its
 *                own subdirectory, e.g. {@code files/}
 */
public record ServiceContext(Path dataDir) {

    /** Checks the directory is given. */
    public ServiceContext {
        Objects.requireNonNull(dataDir, "dataDir");
    }

    /** Data under {@code ./data}, as {@code serve} does without {@code --data-dir}. */
    public static ServiceContext inWorkingDirectory() {
        return new ServiceContext(Path.of("data"));
    }
}
