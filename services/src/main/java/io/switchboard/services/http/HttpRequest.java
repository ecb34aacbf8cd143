package io.switchboard.services.http;

/**
 * One parsed HTTP/1.x request.
 *
 * @param method  the method token as sent ({@code GET}, {@code HEAD}, ...)
 * @param target  the request target as sent (origin form: path and query, still percent-encoded)
 * @param minorVersion 1 for HTTP/1.1, 0 for HTTP/1.0
 * @param headers the header fields
 * @param body    the body, de-chunked; empty when there is none
 */
public record HttpRequest(String method, String target, int minorVersion, HttpHeaders headers, byte[] body) {

    /** The target's path, before any {@code ?}, still percent-encoded. */
    public String path() {
        int query = target.indexOf('?');
        return query < 0 ? target : target.substring(0, query);
    }

    /** Whether the connection stays open after this request's response (HTTP/1.1 default, 1.0 opt-in). */
    public boolean keepAlive() {
        if (headers.hasToken("Connection", "close")) {
            return false;
        }
        return minorVersion >= 1 || headers.hasToken("Connection", "keep-alive");
    }
}
