package io.switchboard.services.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

/**
 * Coverage-guided fuzzing of {@link HttpRequestParser} (docs/security.md, "Fuzzing"). Each input
 * chooses small limits, a way to cut the stream into reads, and the stream. Checked for every input:
 *
 * <ul>
 *   <li>the parser only ever throws {@link HttpParseException}, with a status of 400, 413, 414, 431,
 *       501 or 505 — never another exception;
 *   <li>fed whole, in the chosen reads, or byte by byte, it finds the same requests and ends the
 *       same way;
 *   <li>every request it returns respects the limits and the grammar: a token method, an
 *       origin-form target of printable ASCII within the target limit, token field names, values
 *       without controls, the header block within its limit, a body within its limit whose length
 *       matches its Content-Length, exactly one Host in HTTP/1.1.
 * </ul>
 */
class HttpRequestParserFuzzTest {

    private static final Set<Integer> STATUSES = Set.of(400, 413, 414, 431, 501, 505);

    /** The requests a stream gave, then how it ended: a status, or "open" when it needs more bytes. */
    record Outcome(List<String> requests, String end) {
    }

    @FuzzTest
    void parse(FuzzedDataProvider data) {
        var limits = new HttpRequestParser.Limits(data.consumeInt(1, 512), data.consumeInt(1, 256),
                data.consumeInt(0, 2048));
        int[] reads = new int[data.consumeInt(0, 8)];
        for (int i = 0; i < reads.length; i++) {
            reads[i] = data.consumeInt(1, 64);
        }
        byte[] stream = data.consumeRemainingAsBytes();

        Outcome whole = feed(limits, stream, new int[0]);
        assertThat(feed(limits, stream, reads)).as("fed in reads %s", Arrays.toString(reads)).isEqualTo(whole);
        int[] single = new int[stream.length];
        Arrays.fill(single, 1);
        assertThat(feed(limits, stream, single)).as("fed byte by byte").isEqualTo(whole);
    }

    private static Outcome feed(HttpRequestParser.Limits limits, byte[] stream, int[] reads) {
        HttpRequestParser parser = new HttpRequestParser(limits);
        List<String> requests = new ArrayList<>();
        int from = 0;
        int read = 0;
        while (from < stream.length) {
            int size = read < reads.length ? Math.min(reads[read], stream.length - from) : stream.length - from;
            ByteBuffer in = ByteBuffer.wrap(stream, from, size);
            try {
                while (in.hasRemaining()) {
                    HttpRequest request = parser.feed(in);
                    if (request == null) {
                        assertThat(in.hasRemaining()).as("feed returns null only when it used up its input").isFalse();
                        break;
                    }
                    assertRespectsTheLimits(request, limits);
                    requests.add(describe(request));
                }
            } catch (HttpParseException e) {
                assertThat(STATUSES).as("status of '%s'", e.getMessage()).contains(e.status());
                return new Outcome(requests, Integer.toString(e.status()));
            }
            from += size;
            read++;
        }
        return new Outcome(requests, parser.idle() ? "idle" : "open");
    }

    private static void assertRespectsTheLimits(HttpRequest request, HttpRequestParser.Limits limits) {
        assertThat(request.method()).isNotEmpty().matches("[!#$%&'*+\\-.^_`|~0-9A-Za-z]+");
        String target = request.target();
        assertThat(target.length()).isLessThanOrEqualTo(limits.maxTargetBytes());
        assertThat(target).matches("[\\x21-\\x7e]+");
        assertThat(target.startsWith("/") || target.equals("*") && request.method().equals("OPTIONS"))
                .as("origin-form target '%s'", target).isTrue();
        assertThat(request.minorVersion()).isIn(0, 1);

        HttpHeaders headers = request.headers();
        long headerBytes = 0;
        for (int i = 0; i < headers.size(); i++) {
            assertThat(headers.name(i)).isNotEmpty().matches("[!#$%&'*+\\-.^_`|~0-9A-Za-z]+");
            String value = headers.value(i);
            assertThat(value.chars().noneMatch(c -> c < 0x20 && c != '\t' || c == 0x7f))
                    .as("value of %s has no controls", headers.name(i)).isTrue();
            assertThat(value).doesNotStartWith(" ").doesNotStartWith("\t").doesNotEndWith(" ").doesNotEndWith("\t");
            headerBytes += headers.name(i).length() + 1 + value.length() + 2;
        }
        assertThat(headerBytes).as("header block").isLessThanOrEqualTo(limits.maxHeaderBytes());
        if (request.minorVersion() == 1) {
            assertThat(headers.all("Host")).hasSize(1);
        }

        assertThat(request.body().length).isLessThanOrEqualTo(limits.maxBodyBytes());
        List<String> lengths = headers.all("Content-Length");
        if (!lengths.isEmpty()) {
            assertThat(headers.get("Transfer-Encoding")).as("Content-Length with Transfer-Encoding").isNull();
            for (String length : lengths) {
                assertThat(Long.parseLong(length.strip())).isEqualTo(request.body().length);
            }
        } else if (headers.get("Transfer-Encoding") == null) {
            assertThat(request.body()).isEmpty();
        }
    }

    private static String describe(HttpRequest request) {
        StringBuilder text = new StringBuilder(request.method()).append(' ').append(request.target())
                .append(" HTTP/1.").append(request.minorVersion()).append('\n');
        for (int i = 0; i < request.headers().size(); i++) {
            text.append(request.headers().name(i)).append(": ").append(request.headers().value(i)).append('\n');
        }
        return text.append(HexFormat.of().formatHex(request.body())).toString();
    }
}
