package io.switchboard.services;

import java.nio.file.Path;
import java.util.Objects;

/**
 * What a service is given when it starts: where it may keep files, the directory of the services
 * started with it, and the limits {@code serve} was asked for. Services that need none ignore it.
 *
 * @param dataDir   the directory for the services' data ({@code --data-dir}); each service uses its
 *                  own subdirectory, e.g. {@code files/}
 * @param directory the services started together (one per {@code serve})
 * @param options   the services' limits ({@code serve}'s flags; {@link ServiceOptions#DEFAULTS} otherwise)
 */
public record ServiceContext(Path dataDir, ServiceDirectory directory, ServiceOptions options) {

    /** Checks all are given. */
    public ServiceContext {
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(directory, "directory");
        Objects.requireNonNull(options, "options");
    }

    /** With the default limits. */
    public ServiceContext(Path dataDir, ServiceDirectory directory) {
        this(dataDir, directory, ServiceOptions.DEFAULTS);
    }

    /** Data under {@code dataDir}, with a directory of its own and the default limits. */
    public ServiceContext(Path dataDir) {
        this(dataDir, new ServiceDirectory());
    }

    /** Data under {@code dataDir}, with a directory of its own and these limits. */
    public ServiceContext(Path dataDir, ServiceOptions options) {
        this(dataDir, new ServiceDirectory(), options);
    }

    /** Data under {@code ./data}, as {@code serve} does without {@code --data-dir}. */
    public static ServiceContext inWorkingDirectory() {
        return new ServiceContext(Path.of("data"));
    }
}
