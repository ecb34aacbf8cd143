package io.switchboard.services.http;

import io.switchboard.reactor.Protocol;
import io.switchboard.reactor.ProtocolFactory;
import io.switchboard.services.ServiceContext;
import io.switchboard.services.files.FileStorage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * One start of the HTTP service: its routes, the status sampler's timer and the disk executor,
 * shared by every connection; closed with the service (it stops the sampler).
 *
 * <p>Thread-safe.
 */
final class HttpSite implements ProtocolFactory, AutoCloseable {

    private static final byte[] HELLO = "Hello, World!".getBytes(StandardCharsets.US_ASCII);

    private final HttpRouter router = new HttpRouter();
    private final HttpOptions options;
    private final ScheduledExecutorService sampling;
    private final StatusSampler sampler;

    HttpSite(ServiceContext context, HttpOptions options) {
        this.options = options;
        Executor disk = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("http-disk-", 0).factory());
        FileStorage storage;
        try {
            storage = new FileStorage(context.dataDir().resolve("files"), context.options().files());
        } catch (IOException e) {
            throw new UncheckedIOException("http: cannot use " + context.dataDir().resolve("files") + ": " + e, e);
        }
        sampler = new StatusSampler(context.directory());
        sampling = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("http-status-sampler")
                .factory());
        sampling.scheduleAtFixedRate(sampler::sample, 0, 1, TimeUnit.SECONDS);
        StaticAssets site = new StaticAssets("status.html", "status.js", "site.css", "chat.html", "chat.js");
        router.get("/", site.page("status.html"))
                .getPrefix("/assets/", site.under("/assets/"))
                .get("/status.json", request -> CompletableFuture.completedFuture(HttpResponse.of(200, "application/json",
                        StatusJson.snapshot(context.directory(), sampler.history()).getBytes(StandardCharsets.UTF_8))
                        .header("Cache-Control", "no-store")))
                .get("/events", request -> CompletableFuture.completedFuture(HttpResponse.stream("text/event-stream",
                        new EventStream(() -> StatusJson.event(sampler.now()), Duration.ofSeconds(1)))
                        .header("Cache-Control", "no-store")))
                .get("/metrics", request -> CompletableFuture.completedFuture(HttpResponse.of(200, MetricsText.CONTENT_TYPE,
                        MetricsText.render(context.directory()).getBytes(StandardCharsets.UTF_8))))
                .get("/files", request -> CompletableFuture.completedFuture(HttpResponse.status(301)
                        .header("Location", FilesPages.PREFIX)))
                .getPrefix(FilesPages.PREFIX, new FilesPages(storage, disk))
                .get("/chat", site.page("chat.html"))
                .get("/chat/ws", new ChatWebSocketEndpoint(context.directory(), options.webSocket()))
                .get("/plaintext", request -> CompletableFuture.completedFuture(
                        HttpResponse.of(200, "text/plain", HELLO)));
    }

    @Override
    public Protocol buildProtocol(SocketAddress remote) {
        return new HttpSession(router, options.limits(), options.idleTimeout());
    }

    @Override
    public void close() {
        sampling.shutdownNow();
    }
}
