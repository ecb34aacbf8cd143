package io.switchboard.services.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The pages and assets the HTTP service serves itself (no CDN): files bundled in the jar under
 * {@code io/switchboard/services/http/site/}, read once, served with an {@code ETag} and
 * {@code Cache-Control: no-cache} (the browser revalidates; an unchanged file costs a 304).
 *
 * <p>Thread-safe.
 */
final class StaticAssets {

    private record Asset(byte[] bytes, String contentType, String etag) {
    }

    private final Map<String, Asset> assets = new ConcurrentHashMap<>();

    /** Loads {@code files} from the jar; a missing one is a build error. */
    StaticAssets(String... files) {
        for (String file : files) {
            try (InputStream in = StaticAssets.class.getResourceAsStream("site/" + file)) {
                if (in == null) {
                    throw new IllegalStateException("site/" + file + " is missing from the jar");
                }
                byte[] bytes = in.readAllBytes();
                String etag = "\"" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes), 0, 12) + "\"";
                assets.put(file, new Asset(bytes, PathNames.contentType(file), etag));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (java.security.NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** A handler answering with {@code file}. */
    HttpHandler page(String file) {
        Asset asset = assets.get(file);
        if (asset == null) {
            throw new IllegalArgumentException("no asset " + file);
        }
        return request -> CompletableFuture.completedFuture(respond(request, asset));
    }

    /** A handler for {@code prefix + name} answering with the asset {@code name}, 404 when there is none. */
    HttpHandler under(String prefix) {
        return request -> {
            Asset asset = assets.get(request.path().substring(prefix.length()));
            CompletionStage<HttpResponse> answer = CompletableFuture.completedFuture(
                    asset == null ? HttpResponse.text(404, "Not Found\n") : respond(request, asset));
            return answer;
        };
    }

    private static HttpResponse respond(HttpRequest request, Asset asset) {
        String ifNoneMatch = request.headers().get("If-None-Match");
        if (ifNoneMatch != null && ifNoneMatch.contains(asset.etag())) {
            return HttpResponse.status(304).header("ETag", asset.etag()).header("Cache-Control", "no-cache");
        }
        return HttpResponse.of(200, asset.contentType(), asset.bytes()).header("ETag", asset.etag())
                .header("Cache-Control", "no-cache").header("X-Content-Type-Options", "nosniff");
    }
}
