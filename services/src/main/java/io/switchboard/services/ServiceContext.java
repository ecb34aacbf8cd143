package io.switchboard.services;

import java.nio.file.Path;
import java.util.Objects;

/**
 * What a service is given when it starts: where it may keep files, and the directory of the
 * services started with it. Services that need neither ignore it.
 *
 * @param dataDir   the directory for the services' data ({@code --data-dir}); each service uses its
 *                  own subdirectory, e.g. {@code files/}
 * @param directory the services started together (one per {@code serve})
 */
public record ServiceContext(Path dataDir, ServiceDirectory directory) {

    /** Checks both are given. */
    public ServiceContext {
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(directory, "directory");
    }

    /** Data under {@code dataDir}, with a directory of its own. */
    public ServiceContext(Path dataDir) {
        this(dataDir, new ServiceDirectory());
    }

    /** Data under {@code ./data}, as {@code serve} does without {@code --data-dir}. */
    public static ServiceContext inWorkingDirectory() {
        return new ServiceContext(Path.of("data"));
    }
}
