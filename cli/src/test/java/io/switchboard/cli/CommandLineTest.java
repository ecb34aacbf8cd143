package io.switchboard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Argument handling: bad input gets exit status 2 and a message naming the valid choices. */
@Timeout(30)
class CommandLineTest {

    private static CliRun run(String... args) {
        return CliRun.of(args);
    }

    @Test
    void versionAndHelpWork() {
        CliRun version = run("--version");
        assertThat(version.status()).isZero();
        assertThat(version.out()).startsWith("switchboard ");
        for (String command : new String[] {"serve", "connect"}) {
            CliRun help = run(command, "--help");
            assertThat(help.status()).isZero();
            assertThat(help.out()).contains("Usage: switchboard " + command);
        }
        assertThat(run("serve", "--help").out().replaceAll("\\s+", " ")).contains("timestamp, echo, upper, callcenter")
                .contains("nio, select, poll, epoll, epoll-et");
    }

    @Test
    void anUnknownServiceListsTheValidOnes() {
        CliRun result = run("serve", "nosuch");
        assertThat(result.status()).isEqualTo(2);
        assertThat(result.err()).contains("unknown service 'nosuch'").contains("timestamp, echo, upper, callcenter");
    }

    @Test
    void chatRefusesModelsThatWouldSplitOrSerialiseItsRoom() {
        CliRun prefork = run("serve", "chat", "--model", "prefork");
        assertThat(prefork.status()).isEqualTo(2);
        assertThat(prefork.err()).contains("--model prefork cannot serve chat").contains("one process")
                .contains("--model reactor, threads or virtual");
        CliRun iterative = run("serve", "--listen", "chat=tcp://127.0.0.1:0", "--model", "iterative");
        assertThat(iterative.status()).isEqualTo(2);
        assertThat(iterative.err()).contains("--model iterative cannot serve chat").contains("one at a time");
    }

    @Test
    void anUnknownFlagOrPollerOrModelIsAUsageError() {
        assertThat(run("serve", "--bogus").status()).isEqualTo(2);
        CliRun poller = run("serve", "--poller", "kqueue");
        assertThat(poller.status()).isEqualTo(2);
        assertThat(poller.err()).contains("unknown poller 'kqueue'").contains("epoll-et");
        CliRun model = run("serve", "--model", "fibers");
        assertThat(model.status()).isEqualTo(2);
        assertThat(model.err()).contains("iterative, threads, virtual, reactor, prefork");
        assertThat(run("serve", "--loops", "0").status()).isEqualTo(2);
    }

    @Test
    void badLimitAndAccessFlagsAreUsageErrors() {
        CliRun cidr = run("serve", "--allow", "10.0.0.0/33");
        assertThat(cidr.status()).isEqualTo(2);
        assertThat(cidr.err()).contains("10.0.0.0/33");
        assertThat(run("serve", "--deny", "example.com").status()).isEqualTo(2);
        CliRun duration = run("serve", "--idle-timeout", "5 minutes");
        assertThat(duration.status()).isEqualTo(2);
        assertThat(duration.err()).contains("'5 minutes'").contains("expected ms, s, m or h");
        assertThat(run("serve", "--idle-timeout", "m5").err()).contains("e.g. 500ms, 30s, 5m, 1h, 0");
        assertThat(run("serve", "--write-timeout", "10y").err()).contains("expected ms, s, m or h");
        CliRun max = run("serve", "--max-connections", "0");
        assertThat(max.status()).isEqualTo(2);
        assertThat(max.err()).contains("--max-connections: 0");
        CliRun emfile = run("serve", "--on-emfile", "drop");
        assertThat(emfile.status()).isEqualTo(2);
        assertThat(emfile.err()).contains("--on-emfile").contains("PAUSE, RESERVE");
    }

    @Test
    void aBadEndpointIsQuotedWithAnExample() {
        CliRun result = run("serve", "--listen", "echo=tcp://localhost");
        assertThat(result.status()).isEqualTo(2);
        assertThat(result.err()).contains("bad endpoint 'tcp://localhost': missing port")
                .contains("example: tcp://127.0.0.1:7777");
        CliRun noEquals = run("serve", "--listen", "tcp://127.0.0.1:0");
        assertThat(noEquals.status()).isEqualTo(2);
        assertThat(noEquals.err()).contains("expected SERVICE=ENDPOINT");
        CliRun wrongKind = run("serve", "--listen", "callcenter=udp://127.0.0.1:0");
        assertThat(wrongKind.status()).isEqualTo(2);
        assertThat(wrongKind.err()).contains("callcenter has no datagram form");
    }

    @Test
    void aPortInUseNamesTheServiceAndEndpoint() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CliRun result = run("serve", "--listen", "echo=tcp://127.0.0.1:" + taken.getLocalPort());
            assertThat(result.status()).isEqualTo(1);
            assertThat(result.err()).contains("service echo").contains("tcp://127.0.0.1:" + taken.getLocalPort())
                    .containsIgnoringCase("in use");
        }
    }

    @Test
    void tryItSuggestsNetcatForEveryKind() {
        assertThat(ServeCommand.tryIt(io.switchboard.endpoint.Endpoint.parse("tcp://127.0.0.1:21567")))
                .isEqualTo("nc 127.0.0.1 21567");
        assertThat(ServeCommand.tryIt(io.switchboard.endpoint.Endpoint.parse("udp://127.0.0.1:7777")))
                .isEqualTo("nc -u 127.0.0.1 7777");
        assertThat(ServeCommand.tryIt(io.switchboard.endpoint.Endpoint.parse("unix:///tmp/e.sock")))
                .isEqualTo("nc -U /tmp/e.sock");
    }
}
