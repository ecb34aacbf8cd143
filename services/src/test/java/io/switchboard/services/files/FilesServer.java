package io.switchboard.services.files;

import io.switchboard.endpoint.Endpoint;
import io.switchboard.endpoint.InetEndpoint;
import io.switchboard.io.Backends;
import io.switchboard.io.ListenOptions;
import io.switchboard.reactor.Reactor;
import io.switchboard.server.Dispatch;
import io.switchboard.server.ServerConfig;
import io.switchboard.services.RunningService;
import io.switchboard.services.ServiceContext;
import io.switchboard.services.ServiceRunner;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** The files service on port 0 under one model, for tests: its port and its store directory. */
final class FilesServer implements AutoCloseable {

    /** The ways the service is run in tests. */
    enum Mode {
        REACTOR_NIO, REACTOR_EPOLL, REACTOR_EPOLL_ET, THREADS, VIRTUAL;
    }

    private final Reactor reactor;
    private final RunningService running;
    private final Path dataDir;

    FilesServer(Mode mode, Path dataDir, FilesOptions options) throws IOException {
        this.dataDir = dataDir;
        FilesService service = new FilesService(options);
        List<Endpoint> endpoints = List.of(Endpoint.parse("tcp://127.0.0.1:0"));
        ServiceContext context = new ServiceContext(dataDir);
        switch (mode) {
            case THREADS, VIRTUAL -> {
                reactor = null;
                running = ServiceRunner.startBlocking(service, endpoints, ServerConfig.DEFAULTS.withDispatch(
                        mode == Mode.THREADS ? Dispatch.threads(16) : Dispatch.virtual()), context);
            }
            default -> {
                String poller = switch (mode) {
                    case REACTOR_EPOLL -> "epoll";
                    case REACTOR_EPOLL_ET -> "epoll-et";
                    default -> "nio";
                };
                reactor = Reactor.builder().loops(2).name("files-test").backend(Backends.named(poller)).build();
                running = ServiceRunner.start(reactor, service, endpoints, ListenOptions.DEFAULTS, context);
            }
        }
    }

    FilesServer(Mode mode, Path dataDir) throws IOException {
        this(mode, dataDir, FilesOptions.DEFAULTS);
    }

    int port() {
        return ((InetEndpoint) running.boundEndpoints().get(0)).port();
    }

    /** Where the files are stored. */
    Path store() {
        return dataDir.resolve("files");
    }

    RawFilesClient connect() throws IOException {
        return new RawFilesClient(port());
    }

    @Override
    public void close() {
        running.close();
        if (reactor != null) {
            reactor.close();
        }
    }
}
