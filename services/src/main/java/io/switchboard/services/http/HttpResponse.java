package io.switchboard.services.http;

import io.switchboard.reactor.Protocol;
import io.switchboard.reactor.Transport;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;

/**
 * What a handler answers: a status, header fields and one of four bodies — bytes, a slice of a
 * file (sent zero-copy), a stream that writes until the connection ends (server-sent events), or
 * a switch to another protocol (WebSocket). The session adds {@code Date}, {@code Content-Length}
 * and {@code Connection}, and leaves the body out for {@code HEAD}.
 *
 * <p>Not thread-safe: built by one handler, then handed to the session.
 */
public final class HttpResponse {

    /** A body written by the handler after the header, until the connection closes. */
    public interface Stream {
        /** The header is sent: write the body's parts from now on. Runs on the connection's event loop. */
        void start(Transport transport);

        /** The connection closed: stop writing and release what the stream holds. */
        void stop();
    }

    private final int status;
    private final HttpHeaders headers = new HttpHeaders();
    private byte[] body = new byte[0];
    private FileChannel file;
    private long fileOffset;
    private long fileLength;
    private Runnable fileDone;
    private Stream stream;
    private Protocol upgrade;

    private HttpResponse(int status) {
        this.status = status;
    }

    /** A response with an empty body. */
    public static HttpResponse status(int status) {
        return new HttpResponse(status);
    }

    /** A response with {@code body} of {@code contentType}. */
    public static HttpResponse of(int status, String contentType, byte[] body) {
        HttpResponse response = new HttpResponse(status);
        response.headers.add("Content-Type", contentType);
        response.body = body;
        return response;
    }

    /** A plain-text response (UTF-8). */
    public static HttpResponse text(int status, String text) {
        return of(status, "text/plain; charset=utf-8", text.getBytes(StandardCharsets.UTF_8));
    }

    /** An HTML response (UTF-8). */
    public static HttpResponse html(int status, String html) {
        return of(status, "text/html; charset=utf-8", html.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * A slice of an open file, sent with {@link Transport#sendFile}; {@code done} runs (on the
     * event loop) when it is sent or the connection closed, to close the file.
     */
    public static HttpResponse file(int status, String contentType, FileChannel file, long offset, long length,
            Runnable done) {
        HttpResponse response = new HttpResponse(status);
        response.headers.add("Content-Type", contentType);
        response.file = file;
        response.fileOffset = offset;
        response.fileLength = length;
        response.fileDone = done;
        return response;
    }

    /** A body of unknown length written by {@code stream}; the connection closes when it ends. */
    public static HttpResponse stream(String contentType, Stream stream) {
        HttpResponse response = new HttpResponse(200);
        response.headers.add("Content-Type", contentType);
        response.stream = stream;
        return response;
    }

    /** {@code 101 Switching Protocols}: after the header the connection belongs to {@code next}. */
    public static HttpResponse upgrade(Protocol next) {
        HttpResponse response = new HttpResponse(101);
        response.upgrade = next;
        return response;
    }

    /** Adds a header field. */
    public HttpResponse header(String name, String value) {
        headers.add(name, value);
        return this;
    }

    public int status() {
        return status;
    }

    public HttpHeaders headers() {
        return headers;
    }

    byte[] body() {
        return body;
    }

    FileChannel file() {
        return file;
    }

    long fileOffset() {
        return fileOffset;
    }

    long fileLength() {
        return fileLength;
    }

    Runnable fileDone() {
        return fileDone;
    }

    Stream stream() {
        return stream;
    }

    Protocol upgradeTo() {
        return upgrade;
    }

    /** The length the {@code Content-Length} field announces, or -1 for a stream or an upgrade. */
    long contentLength() {
        if (stream != null || upgrade != null) {
            return -1;
        }
        return file != null ? fileLength : body.length;
    }

    /** The standard reason phrase of {@code status}. */
    static String reason(int status) {
        return switch (status) {
            case 100 -> "Continue";
            case 101 -> "Switching Protocols";
            case 200 -> "OK";
            case 204 -> "No Content";
            case 206 -> "Partial Content";
            case 301 -> "Moved Permanently";
            case 304 -> "Not Modified";
            case 400 -> "Bad Request";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            case 408 -> "Request Timeout";
            case 413 -> "Content Too Large";
            case 414 -> "URI Too Long";
            case 416 -> "Range Not Satisfiable";
            case 426 -> "Upgrade Required";
            case 431 -> "Request Header Fields Too Large";
            case 500 -> "Internal Server Error";
            case 501 -> "Not Implemented";
            case 503 -> "Service Unavailable";
            case 505 -> "HTTP Version Not Supported";
            default -> "Status " + status;
        };
    }
}
