package io.switchboard.endpoint;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;

/**
 * Coverage-guided fuzzing of {@link Endpoint#parse} (docs/security.md, "Fuzzing"). For any text,
 * parsing either returns an endpoint or throws {@link EndpointFormatException} quoting the text —
 * never another exception, not even the {@link IllegalArgumentException} of a record's constructor.
 * A parsed endpoint's {@link Endpoint#toString() canonical text} parses back to an equal endpoint
 * and is its own canonical text, and its parts respect the documented ranges.
 */
class EndpointParseFuzzTest {

    private static final int UNIX_PATH_MAX = 107;

    @FuzzTest
    void parse(byte[] input) {
        String text = new String(input, StandardCharsets.UTF_8);
        Endpoint endpoint;
        try {
            endpoint = Endpoint.parse(text);
        } catch (EndpointFormatException e) {
            assertThat(e.getClass()).isEqualTo(EndpointFormatException.class);
            assertThat(e.text()).isEqualTo(text);
            assertThat(e.getMessage()).startsWith("bad endpoint '" + text + "': ").contains("(example: ");
            return;
        }
        String canonical = endpoint.toString();
        Endpoint again;
        try {
            again = Endpoint.parse(canonical);
        } catch (EndpointFormatException e) {
            throw new AssertionError("'" + text + "' parsed as " + canonical + ", which does not parse: "
                    + e.getMessage(), e);
        }
        assertThat(again).as("'%s' parsed as %s, which parses back to", text, canonical).isEqualTo(endpoint);
        assertThat(again.toString()).isEqualTo(canonical);
        assertThat(canonical).startsWith(endpoint.scheme() + "://");

        switch (endpoint) {
            case InetEndpoint inet -> {
                assertThat(inet.port()).isBetween(0, 65_535);
                assertThat(inet.host()).isNotBlank().doesNotContain("/", "?", "#", "[", "]");
                assertThat(inet.toSocketAddress().isUnresolved()).isTrue();
            }
            case UnixEndpoint unix -> assertUnixPath(unix.path().toString());
            case UnixDatagramEndpoint unix -> assertUnixPath(unix.path().toString());
        }
    }

    private static void assertUnixPath(String path) {
        assertThat(path).isNotEmpty().doesNotContain("\0");
        assertThat(path.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(UNIX_PATH_MAX);
    }
}
