package io.switchboard.services.http;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Picks the handler for a request by its path — an exact path, else the longest matching prefix
 * — and answers 404 for no route and 405 with {@code Allow} for a method the route does not take.
 * {@code HEAD} is allowed wherever {@code GET} is.
 *
 * <p>Built once, then read by every connection: thread-safe after construction.
 */
public final class HttpRouter implements HttpHandler {

    private record Route(String path, boolean prefix, Set<String> methods, HttpHandler handler) {
    }

    private final List<Route> routes = new ArrayList<>();

    /** {@code GET} (and {@code HEAD}) of exactly {@code path}. */
    public HttpRouter get(String path, HttpHandler handler) {
        routes.add(new Route(path, false, Set.of("GET", "HEAD"), handler));
        return this;
    }

    /** {@code GET} (and {@code HEAD}) of every path starting with {@code prefix}. */
    public HttpRouter getPrefix(String prefix, HttpHandler handler) {
        routes.add(new Route(prefix, true, Set.of("GET", "HEAD"), handler));
        return this;
    }

    @Override
    public CompletionStage<HttpResponse> handle(HttpRequest request) throws Exception {
        Route route = find(request.path());
        if (route == null) {
            return CompletableFuture.completedFuture(HttpResponse.text(404, "Not Found: " + request.path() + "\n"));
        }
        if (!route.methods().contains(request.method())) {
            return CompletableFuture.completedFuture(HttpResponse.text(405, request.method() + " is not allowed here\n")
                    .header("Allow", String.join(", ", new TreeSet<>(route.methods()))));
        }
        return route.handler().handle(request);
    }

    private Route find(String path) {
        Route best = null;
        for (Route route : routes) {
            if (!route.prefix() && route.path().equals(path)) {
                return route;
            }
            if (route.prefix() && path.startsWith(route.path())
                    && (best == null || route.path().length() > best.path().length())) {
                best = route;
            }
        }
        return best;
    }
}
