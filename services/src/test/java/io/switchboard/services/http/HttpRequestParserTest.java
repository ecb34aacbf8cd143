package io.switchboard.services.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HttpRequestParserTest {

    private static final HttpRequestParser.Limits LIMITS = HttpRequestParser.Limits.DEFAULTS;

    /** Every request in {@code text}, fed in pieces of {@code piece} bytes. */
    static List<HttpRequest> parse(String text, int piece) throws HttpParseException {
        HttpRequestParser parser = new HttpRequestParser(LIMITS);
        byte[] bytes = text.getBytes(StandardCharsets.ISO_8859_1);
        List<HttpRequest> requests = new ArrayList<>();
        for (int at = 0; at < bytes.length; at += piece) {
            ByteBuffer chunk = ByteBuffer.wrap(bytes, at, Math.min(piece, bytes.length - at));
            HttpRequest request;
            while ((request = parser.feed(chunk)) != null) {
                requests.add(request);
            }
            assertThat(chunk.hasRemaining()).isFalse();
        }
        return requests;
    }

    static HttpRequest one(String text) throws HttpParseException {
        List<HttpRequest> requests = parse(text, Integer.MAX_VALUE);
        assertThat(requests).hasSize(1);
        return requests.getFirst();
    }

    static int statusOf(String text) {
        try {
            parse(text, Integer.MAX_VALUE);
        } catch (HttpParseException e) {
            return e.status();
        }
        return 0;
    }

    @Test
    void parsesASimpleGet() throws Exception {
        HttpRequest request = one("GET /files/a%20b?x=1 HTTP/1.1\r\nHost: localhost\r\nAccept: */*\r\n\r\n");
        assertThat(request.method()).isEqualTo("GET");
        assertThat(request.target()).isEqualTo("/files/a%20b?x=1");
        assertThat(request.path()).isEqualTo("/files/a%20b");
        assertThat(request.minorVersion()).isEqualTo(1);
        assertThat(request.headers().get("host")).isEqualTo("localhost");
        assertThat(request.keepAlive()).isTrue();
        assertThat(request.body()).isEmpty();
    }

    @Test
    void keepAliveFollowsTheVersionAndTheConnectionField() throws Exception {
        assertThat(one("GET / HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n").keepAlive()).isFalse();
        assertThat(one("GET / HTTP/1.0\r\n\r\n").keepAlive()).isFalse();
        assertThat(one("GET / HTTP/1.0\r\nConnection: Keep-Alive\r\n\r\n").keepAlive()).isTrue();
    }

    @Test
    void everyPipelinedRequestIsFoundWhateverTheSplit() throws Exception {
        String three = "GET /a HTTP/1.1\r\nHost: h\r\n\r\n"
                + "POST /b HTTP/1.1\r\nHost: h\r\nContent-Length: 5\r\n\r\nhello"
                + "POST /c HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n3;ext=1\r\nabc\r\n2\r\nde\r\n0\r\nTrailer: x\r\n\r\n";
        for (int piece = 1; piece <= three.length(); piece++) {
            List<HttpRequest> requests = parse(three, piece);
            assertThat(requests).as("split every %d bytes", piece).extracting(HttpRequest::path)
                    .containsExactly("/a", "/b", "/c");
            assertThat(new String(requests.get(1).body(), StandardCharsets.US_ASCII)).isEqualTo("hello");
            assertThat(new String(requests.get(2).body(), StandardCharsets.US_ASCII)).isEqualTo("abcde");
        }
    }

    @Test
    void aChunkedBodySplitAtEveryByteComesOutWhole() throws Exception {
        StringBuilder body = new StringBuilder();
        StringBuilder wire = new StringBuilder("PUT /x HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n");
        for (int size : new int[] {1, 15, 16, 255, 1000}) {
            String part = "z".repeat(size);
            body.append(part);
            wire.append(Integer.toHexString(size)).append("\r\n").append(part).append("\r\n");
        }
        wire.append("0\r\n\r\n");
        for (int piece : new int[] {1, 2, 3, 7, 64}) {
            assertThat(new String(parse(wire.toString(), piece).getFirst().body(), StandardCharsets.US_ASCII))
                    .isEqualTo(body.toString());
        }
    }

    @Test
    void bareLineFeedsAndLeadingEmptyLinesAreAccepted() throws Exception {
        HttpRequest request = one("\r\n\nGET / HTTP/1.1\nHost: h\n\n");
        assertThat(request.headers().get("Host")).isEqualTo("h");
    }

    @Test
    void absoluteFormTargetsAreServedByTheirPath() throws Exception {
        assertThat(one("GET http://example.com/files/x HTTP/1.1\r\nHost: example.com\r\n\r\n").target()).isEqualTo("/files/x");
    }

    @Test
    void limitsAnswerWithTheirOwnStatus() {
        assertThat(statusOf("GET /" + "a".repeat(8 * 1024 + 1) + " HTTP/1.1\r\nHost: h\r\n\r\n")).isEqualTo(414);
        assertThat(statusOf("GET /" + "a".repeat(20 * 1024) + " HTTP/1.1\r\nHost: h\r\n\r\n")).isEqualTo(414);
        assertThat(statusOf("GET / HTTP/1.1\r\nHost: h\r\nX-Big: " + "b".repeat(16 * 1024) + "\r\n\r\n")).isEqualTo(431);
        StringBuilder many = new StringBuilder("GET / HTTP/1.1\r\nHost: h\r\n");
        for (int i = 0; i < 2000; i++) {
            many.append("X-").append(i).append(": v\r\n");
        }
        assertThat(statusOf(many + "\r\n")).isEqualTo(431);
        assertThat(statusOf("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: " + (1024 * 1024 + 1) + "\r\n\r\n")).isEqualTo(413);
        assertThat(statusOf("POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n"
                + Integer.toHexString(1024 * 1024 + 1) + "\r\n")).isEqualTo(413);
    }

    @Test
    void aLineExactlyAtItsLimitIsReadWhateverTheSplitAndOneByteMoreIsNot() throws Exception {
        String head = "POST /up HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n";
        String atLimit = "5;x=" + "a".repeat(1024 - 5) + "\r"; // 1024 bytes before the LF, the chunk line's limit
        String over = "5;x=" + "a".repeat(1024 - 4) + "\r";
        for (int piece : new int[] {1, 2, 7, 1023, 1024, 1025, Integer.MAX_VALUE}) {
            assertThat(parse(head + atLimit + "\nhello\r\n0\r\n\r\n", piece)).as("split every %d bytes", piece)
                    .extracting(r -> new String(r.body(), StandardCharsets.US_ASCII)).containsExactly("hello");
            int split = piece;
            assertThatThrownBy(() -> parse(head + over + "\nhello\r\n0\r\n\r\n", split))
                    .as("split every %d bytes", piece).isInstanceOfSatisfying(HttpParseException.class,
                            e -> assertThat(e).hasMessageContaining("chunk size line is over 1024 bytes"));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "GET\r\n\r\n",
        "GET /\r\n\r\n",
        "GET / HTTP/1.1 extra\r\nHost: h\r\n\r\n",
        "G(T / HTTP/1.1\r\nHost: h\r\n\r\n",
        "GET noslash HTTP/1.1\r\nHost: h\r\n\r\n",
        "GET /a\u0001b HTTP/1.1\r\nHost: h\r\n\r\n",
        "GET /\u00e9 HTTP/1.1\r\nHost: h\r\n\r\n",
        "GET / FTP/1.1\r\nHost: h\r\n\r\n",
        "GET / HTTP/1.1\r\n\r\n",
        "GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n",
        "GET / HTTP/1.1\r\nHost: h\r\nNoColon\r\n\r\n",
        "GET / HTTP/1.1\r\nHost: h\r\n: empty name\r\n\r\n",
        "GET / HTTP/1.1\r\nHost : h\r\n\r\n",
        "GET / HTTP/1.1\r\nHost: h\r\nX: a\r\n folded\r\n\r\n",
        "GET / HTTP/1.1\r\nHost: h\r\nX: a\u0000b\r\n\r\n",
        "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n",
        "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\n",
        "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: -1\r\n\r\n",
        "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 1e3\r\n\r\n",
        "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",
        "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabcX\r\n",
    })
    void malformedRequestsAre400(String request) {
        assertThat(statusOf(request)).as(request).isEqualTo(400);
    }

    @Test
    void unsupportedVersionsAndCodingsHaveTheirOwnStatus() {
        assertThat(statusOf("GET / HTTP/2.0\r\nHost: h\r\n\r\n")).isEqualTo(505);
        assertThat(statusOf("GET / HTTP/1.2\r\nHost: h\r\n\r\n")).isEqualTo(505);
        assertThat(statusOf("POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: gzip, chunked\r\n\r\n")).isEqualTo(501);
    }

    @Test
    void expectContinueIsReportedOnceBeforeTheBody() throws Exception {
        HttpRequestParser parser = new HttpRequestParser(LIMITS);
        ByteBuffer head = ByteBuffer.wrap(("POST / HTTP/1.1\r\nHost: h\r\nExpect: 100-continue\r\nContent-Length: 3\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        assertThat(parser.feed(head)).isNull();
        assertThat(parser.wantsContinue()).isTrue();
        parser.continueSent();
        assertThat(parser.wantsContinue()).isFalse();
        HttpRequest request = parser.feed(ByteBuffer.wrap("abc".getBytes(StandardCharsets.US_ASCII)));
        assertThat(request.body()).hasSize(3);
        assertThat(parser.idle()).isTrue();
    }

    @Test
    void aParseFailureNamesWhatWasWrong() {
        assertThatThrownBy(() -> parse("GET / HTTP/1.1\r\nHost : h\r\n\r\n", 100))
                .hasMessageContaining("whitespace before the colon");
    }

    @Test
    void byteRangesFollowRfc9110() {
        assertThat(ByteRanges.single("bytes=0-9", 100)).containsExactly(0, 9);
        assertThat(ByteRanges.single("bytes=90-", 100)).containsExactly(90, 99);
        assertThat(ByteRanges.single("bytes=-10", 100)).containsExactly(90, 99);
        assertThat(ByteRanges.single("bytes=-1000", 100)).containsExactly(0, 99);
        assertThat(ByteRanges.single("bytes=50-1000", 100)).containsExactly(50, 99);
        assertThat(ByteRanges.single("bytes=100-", 100)).isSameAs(ByteRanges.UNSATISFIABLE);
        assertThat(ByteRanges.single("bytes=-0", 100)).isSameAs(ByteRanges.UNSATISFIABLE);
        assertThat(ByteRanges.single("bytes=0-1,5-6", 100)).isNull();
        assertThat(ByteRanges.single("items=0-1", 100)).isNull();
        assertThat(ByteRanges.single("bytes=5-1", 100)).isNull();
        assertThat(ByteRanges.single("bytes=x-1", 100)).isNull();
    }

    @Test
    void pathNamesDecodeStrictly() {
        assertThat(PathNames.decode("a%20b%C3%BC")).isEqualTo("a bü");
        assertThat(PathNames.decode("%2e%2e")).isEqualTo("..");
        assertThat(PathNames.decode("a%2Fb")).isEqualTo("a/b");
        assertThat(PathNames.decode("bad%")).isNull();
        assertThat(PathNames.decode("bad%zz")).isNull();
        assertThat(PathNames.decode("%C3")).isNull();
        assertThat(PathNames.encode("a bü/")).isEqualTo("a%20b%C3%BC%2F");
        assertThat(PathNames.html("<a href='x'>&")).isEqualTo("&lt;a href=&#39;x&#39;&gt;&amp;");
    }

    @Test
    void httpDatesHaveTwoDigitDays() {
        assertThat(HttpDates.format(1_796_093_683_000L)).isEqualTo("Tue, 01 Dec 2026 02:54:43 GMT");
        assertThat(HttpDates.parse("Tue, 01 Dec 2026 02:54:43 GMT")).isEqualTo(1_796_093_683_000L);
        assertThat(HttpDates.parse("yesterday")).isEqualTo(-1);
    }
}
