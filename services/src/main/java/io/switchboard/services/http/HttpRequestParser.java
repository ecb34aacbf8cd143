package io.switchboard.services.http;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Parses HTTP/1.x requests from a byte stream, incrementally: bytes may arrive split anywhere,
 * and several requests may arrive at once (pipelining). Every limit answers with its own status:
 * a header block over {@link Limits#maxHeaderBytes()} is 431, a target over
 * {@link Limits#maxTargetBytes()} is 414, a body over {@link Limits#maxBodyBytes()} is 413, a
 * malformed request line or field is 400, a transfer coding other than {@code chunked} is 501 and
 * a version other than 1.0 or 1.1 is 505. Memory is bounded by those limits.
 *
 * <p>Strict where leniency lets requests be smuggled: a request with both {@code Content-Length}
 * and {@code Transfer-Encoding}, differing {@code Content-Length}s, whitespace before a field's
 * colon or a folded line is refused. Bare LF line ends are accepted, as RFC 9112 allows.
 *
 * <p>Not thread-safe: one per connection.
 */
public final class HttpRequestParser {

    /**
     * The parser's limits.
     *
     * @param maxHeaderBytes the header fields together, in bytes (default 16 KiB)
     * @param maxTargetBytes the request target (default 8 KiB)
     * @param maxBodyBytes   a request body, de-chunked (default 1 MiB)
     */
    public record Limits(int maxHeaderBytes, int maxTargetBytes, int maxBodyBytes) {

        /** 16 KiB of header fields, an 8 KiB target, a 1 MiB body. */
        public static final Limits DEFAULTS = new Limits(16 * 1024, 8 * 1024, 1024 * 1024);

        /** Validates every limit. */
        public Limits {
            if (maxHeaderBytes <= 0) {
                throw new IllegalArgumentException("maxHeaderBytes: " + maxHeaderBytes + " (expected: > 0)");
            }
            if (maxTargetBytes <= 0) {
                throw new IllegalArgumentException("maxTargetBytes: " + maxTargetBytes + " (expected: > 0)");
            }
            if (maxBodyBytes < 0) {
                throw new IllegalArgumentException("maxBodyBytes: " + maxBodyBytes + " (expected: >= 0)");
            }
        }
    }

    private static final int MAX_CHUNK_LINE = 1024;
    private static final byte[] EMPTY = new byte[0];

    private enum State { REQUEST_LINE, HEADERS, BODY, CHUNK_SIZE, CHUNK_DATA, CHUNK_END, TRAILERS }

    private final Limits limits;
    private final byte[] line;
    private int lineLength;
    private State state = State.REQUEST_LINE;
    private int headerBytes;
    private String method;
    private String target;
    private int minorVersion;
    private HttpHeaders headers;
    private byte[] body = EMPTY;
    private int bodyLength;
    private long bodyRemaining;
    private boolean expectContinue;

    /** A parser with these limits. */
    public HttpRequestParser(Limits limits) {
        this.limits = limits;
        this.line = new byte[Math.max(limits.maxTargetBytes() + 64, Math.max(limits.maxHeaderBytes(), MAX_CHUNK_LINE)) + 2];
    }

    /**
     * Consumes bytes from {@code in} up to the end of one request.
     *
     * @return the request, or {@code null} when {@code in} ran out first (feed more)
     * @throws HttpParseException with the status to answer; the connection should then close
     */
    public HttpRequest feed(ByteBuffer in) throws HttpParseException {
        while (in.hasRemaining()) {
            switch (state) {
                case REQUEST_LINE, HEADERS, CHUNK_SIZE, CHUNK_END, TRAILERS -> {
                    if (!readLine(in)) {
                        return null;
                    }
                    HttpRequest done = lineComplete();
                    if (done != null) {
                        return done;
                    }
                }
                case BODY, CHUNK_DATA -> {
                    int n = (int) Math.min(in.remaining(), bodyRemaining);
                    in.get(body, bodyLength, n);
                    bodyLength += n;
                    bodyRemaining -= n;
                    if (bodyRemaining == 0) {
                        if (state == State.BODY) {
                            return finish();
                        }
                        state = State.CHUNK_END;
                    }
                }
            }
        }
        if (state == State.BODY && bodyRemaining == 0) {
            return finish();
        }
        return null;
    }

    /**
     * Whether the request being read asked {@code Expect: 100-continue} and its body has not
     * started: the server should send {@code 100 Continue} now (once; see {@link #continueSent}).
     */
    public boolean wantsContinue() {
        return expectContinue && (state == State.BODY || state == State.CHUNK_SIZE) && bodyLength == 0;
    }

    /** The {@code 100 Continue} was sent. */
    public void continueSent() {
        expectContinue = false;
    }

    /** Whether nothing of a next request has arrived: a clean place for the connection to end. */
    public boolean idle() {
        return state == State.REQUEST_LINE && lineLength == 0;
    }

    /** Reads up to LF into {@link #line}; whether the line is complete (without its CR LF). */
    private boolean readLine(ByteBuffer in) throws HttpParseException {
        while (in.hasRemaining()) {
            byte b = in.get();
            if (b == '\n') {
                if (lineLength > 0 && line[lineLength - 1] == '\r') {
                    lineLength--;
                }
                return true;
            }
            if (lineLength == lineLimit()) {
                throw overLimit();
            }
            line[lineLength++] = b;
        }
        return false;
    }

    private int lineLimit() {
        return switch (state) {
            case REQUEST_LINE -> limits.maxTargetBytes() + 64;
            case HEADERS, TRAILERS -> Math.min(line.length - 2, limits.maxHeaderBytes() - headerBytes + 1);
            default -> MAX_CHUNK_LINE;
        };
    }

    private HttpParseException overLimit() {
        return switch (state) {
            case REQUEST_LINE -> new HttpParseException(414, "the request line is over "
                    + (limits.maxTargetBytes() + 64) + " bytes");
            case HEADERS, TRAILERS -> new HttpParseException(431, "the header fields are over "
                    + limits.maxHeaderBytes() + " bytes");
            default -> new HttpParseException(400, "a chunk size line is over " + MAX_CHUNK_LINE + " bytes");
        };
    }

    private HttpRequest lineComplete() throws HttpParseException {
        int length = lineLength;
        lineLength = 0;
        switch (state) {
            case REQUEST_LINE -> {
                if (length > 0) { // empty lines before a request are ignored (RFC 9112, 2.2)
                    requestLine(length);
                    state = State.HEADERS;
                    headerBytes = 0;
                    headers = new HttpHeaders();
                }
                return null;
            }
            case HEADERS -> {
                if (length == 0) {
                    return headersDone();
                }
                headerBytes += length + 2;
                if (headerBytes > limits.maxHeaderBytes()) {
                    throw overLimit();
                }
                field(length);
                return null;
            }
            case CHUNK_SIZE -> {
                long size = chunkSize(length);
                if (size == 0) {
                    state = State.TRAILERS;
                    return null;
                }
                if (bodyLength + size > limits.maxBodyBytes()) {
                    throw tooLarge();
                }
                growBody((int) (bodyLength + size));
                bodyRemaining = size;
                state = State.CHUNK_DATA;
                return null;
            }
            case CHUNK_END -> {
                if (length != 0) {
                    throw new HttpParseException(400, "a chunk's data is not followed by CRLF");
                }
                state = State.CHUNK_SIZE;
                return null;
            }
            case TRAILERS -> {
                if (length == 0) {
                    return finish();
                }
                headerBytes += length + 2;
                if (headerBytes > limits.maxHeaderBytes()) {
                    throw overLimit();
                }
                return null; // trailer fields are read and dropped
            }
            default -> throw new IllegalStateException(state.toString());
        }
    }

    private void requestLine(int length) throws HttpParseException {
        int firstSpace = indexOf(' ', 0, length);
        int lastSpace = lastIndexOf(' ', length);
        if (firstSpace <= 0 || lastSpace <= firstSpace + 1) {
            throw new HttpParseException(400, "the request line is not 'METHOD TARGET HTTP/1.1'");
        }
        for (int i = 0; i < firstSpace; i++) {
            if (!isToken(line[i])) {
                throw new HttpParseException(400, "the method is not a token");
            }
        }
        int targetLength = lastSpace - firstSpace - 1;
        if (targetLength > limits.maxTargetBytes()) {
            throw new HttpParseException(414, "the request target is " + targetLength + " bytes (at most "
                    + limits.maxTargetBytes() + ")");
        }
        for (int i = firstSpace + 1; i < lastSpace; i++) {
            if (line[i] <= 0x20 || line[i] >= 0x7f) {
                throw new HttpParseException(400, "the request target holds a space, a control or a non-ASCII byte");
            }
        }
        method = ascii(0, firstSpace);
        target = ascii(firstSpace + 1, lastSpace);
        String version = ascii(lastSpace + 1, length);
        if (version.equals("HTTP/1.1")) {
            minorVersion = 1;
        } else if (version.equals("HTTP/1.0")) {
            minorVersion = 0;
        } else if (version.matches("HTTP/\\d\\.\\d|HTTP/\\d")) {
            throw new HttpParseException(505, "HTTP version " + version.substring(5) + " is not supported (1.0 and 1.1 are)");
        } else {
            throw new HttpParseException(400, "the request line does not end in an HTTP version");
        }
        if (target.startsWith("http://") || target.startsWith("https://")) {
            int path = target.indexOf('/', target.indexOf("//") + 2);
            target = path < 0 ? "/" : target.substring(path); // absolute form: the path is what is served
        } else if (!target.startsWith("/") && !(target.equals("*") && method.equals("OPTIONS"))) {
            throw new HttpParseException(400, "the request target must start with '/'");
        }
    }

    private void field(int length) throws HttpParseException {
        if (line[0] == ' ' || line[0] == '\t') {
            throw new HttpParseException(400, "folded header lines are not accepted");
        }
        int colon = indexOf(':', 0, length);
        if (colon <= 0) {
            throw new HttpParseException(400, "a header line has no name or no colon");
        }
        for (int i = 0; i < colon; i++) {
            if (!isToken(line[i])) {
                throw new HttpParseException(400, "a header name holds a character that is not allowed"
                        + (line[i] == ' ' || line[i] == '\t' ? " (whitespace before the colon)" : ""));
            }
        }
        int start = colon + 1;
        int end = length;
        while (start < end && (line[start] == ' ' || line[start] == '\t')) {
            start++;
        }
        while (end > start && (line[end - 1] == ' ' || line[end - 1] == '\t')) {
            end--;
        }
        for (int i = start; i < end; i++) {
            int b = line[i] & 0xff;
            if ((b < 0x20 && b != '\t') || b == 0x7f) {
                throw new HttpParseException(400, "a header value holds a control character");
            }
        }
        headers.add(ascii(0, colon), new String(line, start, end - start, StandardCharsets.ISO_8859_1));
    }

    private HttpRequest headersDone() throws HttpParseException {
        if (minorVersion == 1 && headers.all("Host").size() != 1) {
            throw new HttpParseException(400, "an HTTP/1.1 request needs exactly one Host field");
        }
        String transferEncoding = headers.get("Transfer-Encoding");
        var lengths = headers.all("Content-Length");
        expectContinue = headers.hasToken("Expect", "100-continue");
        bodyLength = 0;
        if (transferEncoding != null) {
            if (!lengths.isEmpty()) {
                throw new HttpParseException(400, "both Content-Length and Transfer-Encoding: refused (request smuggling)");
            }
            if (!transferEncoding.strip().equalsIgnoreCase("chunked") || headers.all("Transfer-Encoding").size() > 1) {
                throw new HttpParseException(501, "transfer coding '" + transferEncoding + "' is not supported (chunked is)");
            }
            state = State.CHUNK_SIZE;
            return null;
        }
        if (lengths.isEmpty()) {
            expectContinue = false;
            return finish();
        }
        long length = -1;
        for (String value : lengths) {
            long parsed = contentLength(value);
            if (length >= 0 && parsed != length) {
                throw new HttpParseException(400, "differing Content-Length fields");
            }
            length = parsed;
        }
        if (length > limits.maxBodyBytes()) {
            throw tooLarge();
        }
        if (length == 0) {
            expectContinue = false;
            return finish();
        }
        growBody((int) length);
        bodyRemaining = length;
        state = State.BODY;
        return null;
    }

    private HttpParseException tooLarge() {
        return new HttpParseException(413, "the body is over " + limits.maxBodyBytes() + " bytes");
    }

    private static long contentLength(String value) throws HttpParseException {
        String digits = value.strip();
        if (digits.isEmpty() || digits.length() > 18 || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new HttpParseException(400, "Content-Length is not a number: '" + value + "'");
        }
        return Long.parseLong(digits);
    }

    private long chunkSize(int length) throws HttpParseException {
        int end = indexOf(';', 0, length);
        if (end < 0) {
            end = length;
        }
        while (end > 0 && (line[end - 1] == ' ' || line[end - 1] == '\t')) {
            end--;
        }
        if (end == 0 || end > 15) {
            throw new HttpParseException(400, "a chunk size is not a hex number");
        }
        long size = 0;
        for (int i = 0; i < end; i++) {
            int digit = Character.digit(line[i], 16);
            if (digit < 0) {
                throw new HttpParseException(400, "a chunk size is not a hex number");
            }
            size = size * 16 + digit;
        }
        return size;
    }

    private void growBody(int needed) {
        if (body.length < needed) {
            body = Arrays.copyOf(body, Math.max(needed, Math.min(limits.maxBodyBytes(), body.length * 2)));
        }
    }

    private HttpRequest finish() {
        byte[] content = bodyLength == 0 ? EMPTY : Arrays.copyOf(body, bodyLength);
        HttpRequest request = new HttpRequest(method, target, minorVersion, headers, content);
        state = State.REQUEST_LINE;
        if (body.length > 64 * 1024) {
            body = EMPTY; // a connection keeps a big body's buffer only while it reads one
        }
        bodyLength = 0;
        bodyRemaining = 0;
        expectContinue = false;
        headers = null;
        return request;
    }

    private int indexOf(char c, int from, int to) {
        for (int i = from; i < to; i++) {
            if (line[i] == c) {
                return i;
            }
        }
        return -1;
    }

    private int lastIndexOf(char c, int to) {
        for (int i = to - 1; i >= 0; i--) {
            if (line[i] == c) {
                return i;
            }
        }
        return -1;
    }

    private String ascii(int from, int to) {
        return new String(line, from, to - from, StandardCharsets.ISO_8859_1);
    }

    /** RFC 9110 token characters. */
    private static boolean isToken(byte b) {
        if (b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b >= '0' && b <= '9') {
            return true;
        }
        return "!#$%&'*+-.^_`|~".indexOf(b) >= 0;
    }
}
