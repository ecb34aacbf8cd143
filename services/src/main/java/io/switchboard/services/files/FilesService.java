package io.switchboard.services.files;

import io.switchboard.endpoint.Endpoint;
import io.switchboard.endpoint.TcpEndpoint;
import io.switchboard.reactor.ProtocolFactory;
import io.switchboard.services.Service;
import io.switchboard.services.ServiceContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;

/**
 * File transfer (TCP 9998): uploads with name, size and SHA-256 that resume after a cut and are
 * stored atomically, downloads from an offset sent zero-copy, listing and stat — the protocol of
 * {@code docs/protocols/files.md} — and the classic tutorial's size-then-bytes upload, unmodified.
 * Files live in {@code DATA_DIR/files/}; {@code switchboard put/get/ls} is the client.
 *
 * <p>Every start shares one {@link FileStorage} among its endpoints; disk work runs on virtual
 * threads, never on an event loop. Several worker processes may share the directory: a partial
 * being written is locked, so two processes never append to one upload.
 */
public final class FilesService implements Service {

    /** The service's default port (the tutorial's picture upload used 9999, taken here by upper). */
    public static final int PORT = 9998;

    private final FilesOptions options; // null: those of the context it starts in

    /** With the limits of the context it starts in ({@link ServiceContext#options()}: {@code serve}'s flags). */
    public FilesService() {
        this.options = null;
    }

    /** With explicit limits, whatever the context says. */
    public FilesService(FilesOptions options) {
        this.options = Objects.requireNonNull(options, "options");
    }

    @Override
    public String name() {
        return "files";
    }

    @Override
    public String description() {
        return "file transfer: resumable uploads checked by SHA-256, downloads, list; the classic size-then-bytes upload";
    }

    @Override
    public List<Endpoint> defaultEndpoints(String host) {
        return List.of(new TcpEndpoint(host, PORT));
    }

    @Override
    public Optional<String> howToTry(Endpoint endpoint) {
        return endpoint instanceof TcpEndpoint tcp && !tcp.tls()
                ? Optional.of("./switchboard ls " + (tcp.host().contains(":") ? "[" + tcp.host() + "]" : tcp.host()) + ":"
                        + tcp.port())
                : Optional.empty();
    }

    /**
     * A factory over the store in {@code DATA_DIR/files/} (created if missing).
     *
     * @throws UncheckedIOException if the directory cannot be created
     */
    @Override
    public Optional<ProtocolFactory> streamFactory(ServiceContext context) {
        FileStorage storage;
        try {
            storage = new FileStorage(context.dataDir().resolve("files"), options != null ? options : context.options().files());
        } catch (IOException e) {
            throw new UncheckedIOException("files: cannot use " + context.dataDir().resolve("files") + ": " + e, e);
        }
        Executor disk = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("files-disk-", 0).factory());
        return Optional.of(remote -> new FilesSession(storage, disk));
    }
}
