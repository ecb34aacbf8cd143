package io.switchboard.services.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.reactor.Protocol;
import io.switchboard.services.http.websocket.WebSocketHandshake;
import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The opening handshake: the accept key, and every refusal with its status. */
class WebSocketHandshakeTest {

    private static final String KEY = "dGhlIHNhbXBsZSBub25jZQ==";

    private final AtomicInteger sessionsMade = new AtomicInteger();
    private final Supplier<Protocol> session = () -> {
        sessionsMade.incrementAndGet();
        return new Protocol() {
            @Override
            public void connectionMade(io.switchboard.reactor.Transport transport) {
            }

            @Override
            public void dataReceived(ByteBuffer data) {
            }
        };
    };

    private static HttpHeaders valid() {
        return new HttpHeaders().add("Host", "server.example.com").add("Upgrade", "websocket")
                .add("Connection", "keep-alive, Upgrade").add("Sec-WebSocket-Key", KEY)
                .add("Sec-WebSocket-Version", "13");
    }

    private static HttpHeaders without(HttpHeaders headers, String name) {
        HttpHeaders copy = new HttpHeaders();
        for (int i = 0; i < headers.size(); i++) {
            if (!headers.name(i).equalsIgnoreCase(name)) {
                copy.add(headers.name(i), headers.value(i));
            }
        }
        return copy;
    }

    private HttpResponse answer(HttpHeaders headers) {
        return answer("GET", 1, headers);
    }

    private HttpResponse answer(String method, int minorVersion, HttpHeaders headers) {
        return WebSocketHandshake.answer(new HttpRequest(method, "/chat/ws", minorVersion, headers, new byte[0]), session);
    }

    @Test
    void theAcceptKeyOfRfc6455sExample() { // RFC 6455 section 1.3
        assertThat(WebSocketHandshake.acceptKey(KEY)).isEqualTo("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
    }

    @Test
    void aValidHandshakeSwitchesProtocols() {
        HttpResponse response = answer(valid().add("Origin", "http://server.example.com"));
        assertThat(response.status()).isEqualTo(101);
        assertThat(response.headers().get("Upgrade")).isEqualTo("websocket");
        assertThat(response.headers().get("Connection")).isEqualTo("Upgrade");
        assertThat(response.headers().get("Sec-WebSocket-Accept")).isEqualTo("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
        assertThat(response.upgradeTo()).isNotNull();
        assertThat(sessionsMade).hasValue(1);
    }

    @Test
    void headerTokensAreCaseInsensitive() {
        HttpHeaders headers = without(without(valid(), "Upgrade"), "Connection").add("upgrade", "WebSocket")
                .add("connection", "UPGRADE");
        assertThat(answer(headers).status()).isEqualTo(101);
    }

    @ParameterizedTest
    @ValueSource(strings = {"Upgrade", "Connection", "Sec-WebSocket-Key", "Sec-WebSocket-Version"})
    void aMissingFieldIs400(String field) {
        HttpResponse response = answer(without(valid(), field));
        assertThat(response.status()).isEqualTo(400);
        assertThat(new String(response.body())).isNotBlank();
        assertThat(sessionsMade).hasValue(0);
    }

    @Test
    void notAGetOrNotHttp11Is400() {
        assertThat(answer("HEAD", 1, valid()).status()).isEqualTo(400);
        assertThat(answer("GET", 0, valid()).status()).isEqualTo(400);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "short", "dGhlIHNhbXBsZSBub25jZQ", "dGhlIHNhbXBsZSBub25jZQ==x", "dGhlIHNhbXBsZSBub25jZSE=",
            "!!!!!!!!!!!!!!!!!!!!!!==", "dGhlIHNhbXBsZSBub25jZQo="})
    void aKeyThatIsNot16BytesOfBase64Is400(String key) {
        HttpHeaders headers = without(valid(), "Sec-WebSocket-Key").add("Sec-WebSocket-Key", key);
        assertThat(answer(headers).status()).as(key).isEqualTo(400);
    }

    @Test
    void anotherVersionIs426NamingVersion13() {
        HttpHeaders headers = without(valid(), "Sec-WebSocket-Version").add("Sec-WebSocket-Version", "8");
        HttpResponse response = answer(headers);
        assertThat(response.status()).isEqualTo(426);
        assertThat(response.headers().get("Sec-WebSocket-Version")).isEqualTo("13");
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://evil.example.com", "http://server.example.com.evil.net", "null",
            "http://server.example.com:8080", "file://", "not a url"})
    void anOriginOfAnotherHostIs403(String origin) {
        HttpResponse response = answer(valid().add("Origin", origin));
        assertThat(response.status()).as(origin).isEqualTo(403);
        assertThat(sessionsMade).hasValue(0);
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://server.example.com", "https://server.example.com", "HTTP://Server.Example.COM",
            "http://server.example.com:80"})
    void theSameHostIsLetIn(String origin) {
        assertThat(answer(valid().add("Origin", origin)).status()).as(origin).isEqualTo(101);
    }

    @Test
    void portsMustMatchWhenTheHostNamesOne() {
        HttpHeaders headers = without(valid(), "Host").add("Host", "127.0.0.1:8080");
        assertThat(answer(headers.add("Origin", "http://127.0.0.1:8080")).status()).isEqualTo(101);
        HttpHeaders other = without(valid(), "Host").add("Host", "127.0.0.1:8080");
        assertThat(answer(other.add("Origin", "http://127.0.0.1:9000")).status()).isEqualTo(403);
        HttpHeaders v6 = without(valid(), "Host").add("Host", "[::1]:8080");
        assertThat(answer(v6.add("Origin", "http://[::1]:8080")).status()).isEqualTo(101);
    }
}
