package io.switchboard.services.http;

import io.switchboard.services.files.FileNames;
import io.switchboard.services.files.FileStorage;
import io.switchboard.services.files.FilesRefusal;
import io.switchboard.services.files.OpenedFile;
import io.switchboard.services.files.StoredFile;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;

/**
 * {@code /files/}: an HTML listing of the files service's store, and downloads with
 * {@code Content-Type}, {@code ETag}, {@code Last-Modified}, 304 on {@code If-None-Match} /
 * {@code If-Modified-Since}, one {@code Range} (206, 416), and the bytes sent zero-copy.
 *
 * <p>Only names the store itself would accept are served: the path after {@code /files/} is
 * percent-decoded once (strictly) and must be a valid file name — no separator, no {@code ..},
 * nothing hidden — and the store opens regular files only, never through a symbolic link. Any other
 * spelling is a 404, so nothing outside the store can be reached. Uploaded files are served with
 * {@code X-Content-Type-Options: nosniff} and a sandboxing {@code Content-Security-Policy}, so an
 * uploaded HTML page cannot script this origin.
 *
 * <p>Thread-safe: disk work runs on {@code disk}; nothing is kept between requests.
 */
final class FilesPages implements HttpHandler {

    static final String PREFIX = "/files/";

    private final FileStorage storage;
    private final Executor disk;

    FilesPages(FileStorage storage, Executor disk) {
        this.storage = storage;
        this.disk = disk;
    }

    @Override
    public CompletionStage<HttpResponse> handle(HttpRequest request) {
        String encoded = request.path().substring(PREFIX.length());
        if (encoded.isEmpty()) {
            return CompletableFuture.supplyAsync(this::listing, disk);
        }
        String name = PathNames.decode(encoded);
        if (name == null || problem(name)) {
            return CompletableFuture.completedFuture(notFound());
        }
        return CompletableFuture.supplyAsync(() -> download(request, name), disk);
    }

    private static boolean problem(String name) {
        try {
            FileNames.check(name);
            return false;
        } catch (FilesRefusal refusal) {
            return true;
        }
    }

    private static HttpResponse notFound() {
        return HttpResponse.text(404, "Not Found\n");
    }

    private HttpResponse listing() {
        List<StoredFile> files;
        try {
            files = storage.list();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        StringBuilder html = new StringBuilder(1024 + files.size() * 160);
        html.append("<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Files</title>"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
                + "<link rel=\"stylesheet\" href=\"/assets/site.css\"></head><body><main>"
                + "<p><a href=\"/\">&larr; status</a></p><h1>Files</h1>");
        if (files.isEmpty()) {
            html.append("<p>No files yet. Upload one: <code>./switchboard put FILE</code></p>");
        } else {
            html.append("<table class=\"files\"><thead><tr><th>name</th><th class=\"num\">size</th><th>modified (UTC)</th>"
                    + "</tr></thead><tbody>");
            for (StoredFile file : files) {
                html.append("<tr><td><a href=\"").append(PREFIX).append(PathNames.encode(file.name())).append("\">")
                        .append(PathNames.html(file.name())).append("</a></td><td class=\"num\">").append(file.size())
                        .append("</td><td>").append(java.time.Instant.ofEpochMilli(file.modifiedMillis())
                                .truncatedTo(java.time.temporal.ChronoUnit.SECONDS))
                        .append("</td></tr>");
            }
            html.append("</tbody></table>");
        }
        html.append("</main></body></html>\n");
        return HttpResponse.html(200, html.toString());
    }

    private HttpResponse download(HttpRequest request, String name) {
        OpenedFile file;
        try {
            file = storage.open(name, false);
        } catch (FilesRefusal refusal) {
            return refusal.code() == FilesRefusal.Code.NOT_FOUND || refusal.code() == FilesRefusal.Code.BAD_NAME
                    ? notFound() : HttpResponse.text(503, "Service Unavailable: " + refusal.getMessage() + "\n");
        }
        String etag = "\"" + Long.toHexString(file.size()) + "-" + Long.toHexString(file.modifiedMillis()) + "-"
                + Integer.toHexString(file.identity().hashCode()) + "\"";
        String lastModified = HttpDates.format(file.modifiedMillis());
        if (notModified(request, etag, file.modifiedMillis())) {
            close(file);
            return HttpResponse.status(304).header("ETag", etag).header("Last-Modified", lastModified);
        }
        long start = 0;
        long length = file.size();
        int status = 200;
        String range = request.headers().get("Range");
        String ifRange = request.headers().get("If-Range");
        if (range != null && (ifRange == null || ifRange.strip().equals(etag))) {
            long[] slice = ByteRanges.single(range, file.size());
            if (slice == ByteRanges.UNSATISFIABLE) {
                close(file);
                return HttpResponse.text(416, "Range Not Satisfiable: the file has " + file.size() + " bytes\n")
                        .header("Content-Range", "bytes */" + file.size());
            }
            if (slice != null) {
                start = slice[0];
                length = slice[1] - slice[0] + 1;
                status = 206;
            }
        }
        HttpResponse response = HttpResponse.file(status, PathNames.contentType(name), file.channel(), start, length,
                () -> close(file))
                .header("ETag", etag).header("Last-Modified", lastModified).header("Accept-Ranges", "bytes")
                .header("X-Content-Type-Options", "nosniff").header("Content-Security-Policy", "sandbox");
        if (status == 206) {
            response.header("Content-Range", "bytes " + start + "-" + (start + length - 1) + "/" + file.size());
        }
        return response;
    }

    private static boolean notModified(HttpRequest request, String etag, long modifiedMillis) {
        String ifNoneMatch = request.headers().get("If-None-Match");
        if (ifNoneMatch != null) {
            for (String candidate : ifNoneMatch.split(",")) {
                String tag = candidate.strip();
                if (tag.startsWith("W/")) {
                    tag = tag.substring(2);
                }
                if (tag.equals("*") || tag.equals(etag)) {
                    return true;
                }
            }
            return false; // If-None-Match present: If-Modified-Since is ignored (RFC 9110, 13.1.3)
        }
        String ifModifiedSince = request.headers().get("If-Modified-Since");
        if (ifModifiedSince != null) {
            long since = HttpDates.parse(ifModifiedSince);
            return since >= 0 && modifiedMillis / 1000 <= since / 1000;
        }
        return false;
    }

    private static void close(OpenedFile file) {
        try {
            file.close();
        } catch (IOException ignored) {
            // read-only
        }
    }
}
