package io.switchboard.endpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class EndpointTest {

    @Test
    void parsesEveryScheme() {
        assertThat(Endpoint.parse("tcp://127.0.0.1:7777")).isEqualTo(new TcpEndpoint("127.0.0.1", 7777));
        assertThat(Endpoint.parse("udp://localhost:21567")).isEqualTo(new UdpEndpoint("localhost", 21567));
        assertThat(Endpoint.parse("unix:///tmp/echo.sock")).isEqualTo(new UnixEndpoint(Path.of("/tmp/echo.sock")));
        assertThat(Endpoint.parse("unixgram:///tmp/g.sock"))
                .isEqualTo(new UnixDatagramEndpoint(Path.of("/tmp/g.sock")));
    }

    @Test
    void hostAndPortIsTcpShorthand() {
        assertThat(Endpoint.parse("127.0.0.1:21567")).isEqualTo(new TcpEndpoint("127.0.0.1", 21567));
        assertThat(Endpoint.parse("localhost:0")).isEqualTo(new TcpEndpoint("localhost", 0));
        assertThat(Endpoint.parse("[::1]:7777")).isEqualTo(new TcpEndpoint("::1", 7777));
    }

    @Test
    void ipv6LiteralsGoInBrackets() {
        TcpEndpoint endpoint = (TcpEndpoint) Endpoint.parse("tcp://[::1]:7777");
        assertThat(endpoint.host()).isEqualTo("::1");
        assertThat(endpoint).hasToString("tcp://[::1]:7777");
        assertThat(Endpoint.parse("udp://[fe80::1%25eth0]:53").toString()).startsWith("udp://[fe80::1");
        assertThat(Endpoint.parse("tcp://[fe80::1%eth0]:80")).isEqualTo(new TcpEndpoint("fe80::1%eth0", 80));
    }

    /**
     * Found by EndpointParseFuzzTest: 'unix://\u001c/' gave the path '\u001c', whose text
     * 'unix://\u001c' parses as nothing (the text is stripped, and U+001C is whitespace).
     */
    @ParameterizedTest
    @ValueSource(strings = {"unix://\u001c/", "unix:///tmp/a /", "unixgram:///tmp/a  /", "unix:///tmp/a\u001bb"})
    void aUnixPathThatCannotBeWrittenBackIsRefused(String text) {
        assertThatThrownBy(() -> Endpoint.parse(text)).isInstanceOf(EndpointFormatException.class)
                .hasMessageMatching(".*path (ends with whitespace|contains a control character).*");
    }

    /** Found by EndpointParseFuzzTest: the zone after '%' took any character, '[' included. */
    @ParameterizedTest
    @ValueSource(strings = {"tcp://[::1%[x]:80", "tcp://[::1%]:80", "tcp://[::1%a b]:80", "udp://[fe80::1%eth0\u0001]:53"})
    void aZoneIdHoldsOnlyUnreservedCharacters(String text) {
        assertThatThrownBy(() -> Endpoint.parse(text)).isInstanceOf(EndpointFormatException.class)
                .hasMessageContaining("is not an IPv6 address");
    }

    @ParameterizedTest
    @ValueSource(strings = {"tcp://127.0.0.1:7777", "udp://[::1]:9999", "unix:///tmp/a.sock", "unixgram:///tmp/b",
            "tcp://example.org:80", "tls://127.0.0.1:7443", "tls://[::1]:443", "tls://localhost:0"})
    void canonicalTextParsesBackToTheSameEndpoint(String text) {
        Endpoint endpoint = Endpoint.parse(text);
        assertThat(endpoint).hasToString(text);
        assertThat(Endpoint.parse(endpoint.toString())).isEqualTo(endpoint);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "tcp://localhost|missing port|tcp://127.0.0.1:7777",
        "tcp://:80|missing host|tcp://127.0.0.1:7777",
        "tcp://127.0.0.1:|missing port|tcp://127.0.0.1:7777",
        "tcp://127.0.0.1:65536|out of range|tcp://127.0.0.1:7777",
        "tcp://127.0.0.1:-1|not a number|tcp://127.0.0.1:7777",
        "tcp://127.0.0.1:http|not a number|tcp://127.0.0.1:7777",
        "tcp://::1:80|needs brackets|tcp://[::1]:7777",
        "tcp://[::1:80|closing ']'|tcp://[::1]:7777",
        "tcp://[::1]|missing port|tcp://[::1]:7777",
        "tcp://[nope]:80|not an IPv6 address|tcp://[::1]:7777",
        "sctp://127.0.0.1:80|unknown scheme 'sctp'|tcp://127.0.0.1:7777",
        "unix://|missing path|unix:///tmp/switchboard.sock",
        "udp://host name:53|not a valid host|udp://127.0.0.1:7777",
        "tcp://127.0.0.1:80/path|unexpected path|tcp://127.0.0.1:7777",
        "/tmp/x.sock|needs a scheme|unix:///tmp/x.sock",
        "localhost|missing port|tcp://127.0.0.1:7777",
    })
    void badTextIsQuotedWithTheProblemAndAnExample(String text, String problem, String example) {
        assertThatThrownBy(() -> Endpoint.parse(text))
                .isInstanceOf(EndpointFormatException.class)
                .hasMessageStartingWith("bad endpoint '" + text + "'")
                .hasMessageContaining(problem)
                .hasMessageContaining("(example: " + example + ")");
    }

    @Test
    void emptyNullAndOverlongPathsAreRefused() {
        assertThatThrownBy(() -> Endpoint.parse("")).hasMessageContaining("empty");
        assertThatThrownBy(() -> Endpoint.parse(null)).isInstanceOf(EndpointFormatException.class);
        assertThatThrownBy(() -> Endpoint.parse("unix:///" + "a".repeat(200)))
                .hasMessageContaining("longer than 107 bytes");
        assertThatThrownBy(() -> Endpoint.parse("unix:///tmp/a\0b")).hasMessageContaining("NUL");
    }

    @Test
    void socketAddressesAreUnresolvedForInetAndPathsForUnix() {
        InetSocketAddress inet = (InetSocketAddress) Endpoint.parse("tcp://localhost:80").toSocketAddress();
        assertThat(inet.isUnresolved()).isTrue();
        assertThat(inet.getHostString()).isEqualTo("localhost");
        assertThat(Endpoint.parse("unix:///tmp/x").toSocketAddress())
                .isEqualTo(UnixDomainSocketAddress.of("/tmp/x"));
    }

    @Test
    void endpointsAreMadeBackFromSocketAddresses() {
        assertThat(Endpoint.of(new InetSocketAddress("127.0.0.1", 5), true)).isEqualTo(new TcpEndpoint("127.0.0.1", 5));
        assertThat(Endpoint.of(new InetSocketAddress("::1", 5), false)).isEqualTo(new UdpEndpoint("0:0:0:0:0:0:0:1", 5));
        assertThat(Endpoint.of(UnixDomainSocketAddress.of("/tmp/s"), true)).isEqualTo(new UnixEndpoint(Path.of("/tmp/s")));
    }

    @Test
    void kindsKnowWhetherTheyAreStreams() {
        assertThat(Endpoint.parse("tcp://a:1").isStream()).isTrue();
        assertThat(Endpoint.parse("unix:///a").isStream()).isTrue();
        assertThat(Endpoint.parse("udp://a:1").isStream()).isFalse();
        assertThat(Endpoint.parse("unixgram:///a").isStream()).isFalse();
    }

    @Test
    void recordsValidateTheirFields() {
        assertThatThrownBy(() -> new TcpEndpoint("h", 70000)).hasMessage("port: 70000 (expected: 0 to 65535)");
        assertThatThrownBy(() -> new UdpEndpoint(" ", 1)).hasMessageContaining("host");
    }

    @Test
    void tlsIsATcpEndpointMarkedTls() {
        TcpEndpoint endpoint = (TcpEndpoint) Endpoint.parse("TLS://127.0.0.1:7443");
        assertThat(endpoint.tls()).isTrue();
        assertThat(endpoint.scheme()).isEqualTo("tls");
        assertThat(endpoint.isStream()).isTrue();
        assertThat(endpoint.withPort(8443)).hasToString("tls://127.0.0.1:8443");
        assertThat(endpoint.withTls(false)).isEqualTo(new TcpEndpoint("127.0.0.1", 7443));
        assertThat(Endpoint.parse("127.0.0.1:7443")).isEqualTo(new TcpEndpoint("127.0.0.1", 7443, false));
        assertThatThrownBy(() -> Endpoint.parse("tls://127.0.0.1")).hasMessageContaining("example: tls://127.0.0.1:7777");
    }

    @Test
    void randomEndpointsOfEveryKindRoundTripThroughTheirText() {
        java.util.Random random = new java.util.Random(9);
        String[] hosts = {"127.0.0.1", "::1", "localhost", "example.org", "fe80::1", "10.0.0.255", "a-b_c.d"};
        for (int i = 0; i < 2_000; i++) {
            String host = hosts[random.nextInt(hosts.length)];
            int port = random.nextInt(65_536);
            Endpoint endpoint = switch (random.nextInt(5)) {
                case 0 -> new TcpEndpoint(host, port);
                case 1 -> new TcpEndpoint(host, port, true);
                case 2 -> new UdpEndpoint(host, port);
                case 3 -> new UnixEndpoint(java.nio.file.Path.of("/tmp/s" + port + ".sock"));
                default -> new UnixDatagramEndpoint(java.nio.file.Path.of("/tmp/g" + port));
            };
            assertThat(Endpoint.parse(endpoint.toString())).as(endpoint.toString()).isEqualTo(endpoint);
        }
    }
}
