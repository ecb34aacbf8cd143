package io.switchboard.cli;

import java.nio.file.Path;

/** Small helpers the files tests share. */
final class FilesTestSupport {

    private FilesTestSupport() {
    }

    /** Where {@code get} writes {@code target} until it is verified. */
    static Path partial(Path target) {
        return target.resolveSibling(target.getFileName() + ".part");
    }
}
