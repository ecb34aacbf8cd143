package io.switchboard.services.http;

import io.switchboard.endpoint.Endpoint;
import io.switchboard.endpoint.TcpEndpoint;
import io.switchboard.reactor.ProtocolFactory;
import io.switchboard.services.Service;
import io.switchboard.services.ServiceContext;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * HTTP/1.1 (TCP 8080): a live status page of every service started with it ({@code /}, updated
 * each second over server-sent events), {@code /metrics} for Prometheus, {@code /files/} (the files
 * service's store, with ranges and validators), and {@code /chat}, a browser page that joins the
 * chat rooms over WebSocket. Requests are parsed with limits (431, 414, 413, 400), kept alive and
 * pipelined; every page and asset is served by the service itself.
 */
public final class HttpService implements Service {

    /** The service's default port. */
    public static final int PORT = 8080;

    private final HttpOptions options; // null: those of the context it starts in

    /** With the limits of the context it starts in ({@link ServiceContext#options()}: {@code serve}'s flags). */
    public HttpService() {
        this.options = null;
    }

    /** With explicit limits, whatever the context says. */
    public HttpService(HttpOptions options) {
        this.options = Objects.requireNonNull(options, "options");
    }

    @Override
    public String name() {
        return "http";
    }

    @Override
    public String description() {
        return "HTTP: live status page, /metrics, /files/, /chat in the browser";
    }

    @Override
    public List<Endpoint> defaultEndpoints(String host) {
        return List.of(new TcpEndpoint(host, PORT));
    }

    @Override
    public Optional<ProtocolFactory> streamFactory(ServiceContext context) {
        return Optional.of(new HttpSite(context, options != null ? options : context.options().http()));
    }

    @Override
    public Optional<String> howToTry(Endpoint endpoint) {
        return endpoint instanceof TcpEndpoint tcp
                ? Optional.of("open " + (tcp.tls() ? "https" : "http") + "://" + (tcp.host().contains(":") ? "[" + tcp.host() + "]" : tcp.host()) + ":"
                        + tcp.port() + "/")
                : Optional.empty();
    }

    @Override
    public Optional<String> refusesWorkerProcesses() {
        return Optional.of("the status page shows the services of its own process; worker processes would each show "
                + "a part. Use --model reactor, threads or virtual");
    }
}
