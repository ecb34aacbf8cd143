package io.switchboard.services.http.websocket;

import io.switchboard.reactor.Protocol;
import io.switchboard.services.http.HttpHeaders;
import io.switchboard.services.http.HttpRequest;
import io.switchboard.services.http.HttpResponse;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * The opening handshake (RFC 6455 §4.2): checks a request that asks to become a WebSocket and
 * answers {@code 101 Switching Protocols} with {@code Sec-WebSocket-Accept}, or refuses it.
 *
 * <pre>
 *   GET /chat/ws HTTP/1.1                        HTTP/1.1 101 Switching Protocols
 *   Host: server.example.com                     Upgrade: websocket
 *   Upgrade: websocket                    ──▶    Connection: Upgrade
 *   Connection: Upgrade                          Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=
 *   Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==
 *   Sec-WebSocket-Version: 13
 *   Origin: http://server.example.com
 * </pre>
 *
 * <p>Refusals: 400 for a request that is not a WebSocket upgrade (not {@code GET}, not HTTP/1.1,
 * no {@code Upgrade: websocket} or {@code Connection: upgrade}, no version, a key that is not 16
 * bytes in base64); 426 with {@code Sec-WebSocket-Version: 13} for another version; 403 when an
 * {@code Origin} is present and names another host than {@code Host} — a page of another site
 * must not open the socket with the user's cookies (cross-site WebSocket hijacking). Clients that
 * send no {@code Origin} (not browsers) are let in.
 *
 * <p>Stateless; thread-safe.
 */
public final class WebSocketHandshake {

    /** The GUID RFC 6455 appends to the key before hashing. */
    static final String GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
    /** The only version this server speaks. */
    public static final String VERSION = "13";

    private WebSocketHandshake() {
    }

    /**
     * The answer to {@code request}: 101 switching the connection to the protocol {@code session}
     * supplies (called only when the handshake succeeds), or a refusal with a sentence saying why.
     */
    public static HttpResponse answer(HttpRequest request, Supplier<Protocol> session) {
        HttpHeaders headers = request.headers();
        if (!request.method().equals("GET")) {
            return refuse(400, "a WebSocket handshake is a GET, not " + request.method());
        }
        if (request.minorVersion() < 1) {
            return refuse(400, "a WebSocket handshake needs HTTP/1.1");
        }
        if (!headers.hasToken("Upgrade", "websocket")) {
            return refuse(400, "this is a WebSocket endpoint: expected Upgrade: websocket");
        }
        if (!headers.hasToken("Connection", "upgrade")) {
            return refuse(400, "expected Connection: Upgrade");
        }
        String version = headers.get("Sec-WebSocket-Version");
        if (version == null) {
            return refuse(400, "Sec-WebSocket-Version is missing");
        }
        if (!version.strip().equals(VERSION)) {
            return refuse(426, "WebSocket version " + version.strip() + " is not supported; this server speaks " + VERSION)
                    .header("Sec-WebSocket-Version", VERSION);
        }
        String key = headers.get("Sec-WebSocket-Key");
        if (key == null || !isValidKey(key.strip())) {
            return refuse(400, "Sec-WebSocket-Key must be 16 bytes in base64");
        }
        String origin = headers.get("Origin");
        if (origin != null && !sameHost(origin.strip(), headers.get("Host"))) {
            return refuse(403, "origin " + origin.strip() + " may not open a WebSocket on " + headers.get("Host"));
        }
        return HttpResponse.upgrade(session.get())
                .header("Upgrade", "websocket")
                .header("Connection", "Upgrade")
                .header("Sec-WebSocket-Accept", acceptKey(key.strip()));
    }

    /** {@code base64(SHA-1(key + GUID))}: proves the server read this handshake. */
    public static String acceptKey(String key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-1").digest((key + GUID).getBytes(StandardCharsets.US_ASCII));
            return Base64.getEncoder().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is missing from this JDK", e);
        }
    }

    static boolean isValidKey(String key) {
        if (key.length() != 24) {
            return false;
        }
        try {
            return Base64.getDecoder().decode(key).length == 16;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /**
     * Whether the page's origin ({@code scheme://host[:port]}) names the host the request was
     * sent to. A {@code Host} without a port matches the origin's default port (80 or 443: the
     * server may sit behind a TLS proxy). {@code Origin: null} (sandboxed pages, files) never matches.
     */
    static boolean sameHost(String origin, String host) {
        if (host == null || host.isBlank()) {
            return false;
        }
        URI uri;
        try {
            uri = new URI(origin);
        } catch (URISyntaxException e) {
            return false;
        }
        if (uri.getScheme() == null || uri.getHost() == null) {
            return false;
        }
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        int originPort = uri.getPort() != -1 ? uri.getPort()
                : scheme.equals("https") || scheme.equals("wss") ? 443 : 80;
        URI hostUri;
        try {
            hostUri = new URI("http://" + host.strip());
        } catch (URISyntaxException e) {
            return false;
        }
        if (hostUri.getHost() == null || !hostUri.getHost().equalsIgnoreCase(uri.getHost())) {
            return false;
        }
        int hostPort = hostUri.getPort();
        return hostPort == originPort || (hostPort == -1 && (originPort == 80 || originPort == 443));
    }

    private static HttpResponse refuse(int status, String why) {
        return HttpResponse.text(status, why + "\n").header("Connection", "close");
    }
}
