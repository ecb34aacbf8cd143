package io.switchboard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.endpoint.Endpoint;
import io.switchboard.endpoint.InetEndpoint;
import io.switchboard.reactor.Reactor;
import io.switchboard.services.CallCenterService;
import io.switchboard.services.RunningService;
import io.switchboard.services.ServiceRunner;
import io.switchboard.services.UpperService;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code connect} as a scriptable client: lines in on stdin, replies out on stdout. */
@Timeout(60)
class ConnectCommandTest {

    private static String runConnect(String stdin, String... args) throws Exception {
        String java = ProcessHandle.current().info().command().orElseThrow();
        List<String> command = new java.util.ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"),
                "io.switchboard.cli.Main", "connect"));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        process.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
        process.getOutputStream().close();
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.exitValue()).as(output).isZero();
        return output;
    }

    @Test
    void talksToTheCallCenterOverTcp() throws Exception {
        try (Reactor reactor = Reactor.builder().loops(1).build()) {
            RunningService service = ServiceRunner.start(reactor, new CallCenterService(),
                    List.of(Endpoint.parse("tcp://127.0.0.1:0")));
            int port = ((InetEndpoint) service.boundEndpoints().get(0)).port();
            String output = runConnect("0\nexit\n", "127.0.0.1:" + port);
            assertThat(output).contains("10086").contains("录音").contains("connection closed by the server");
        }
    }

    @Test
    void sendsEachLineAsADatagramOverUdp() throws Exception {
        try (Reactor reactor = Reactor.builder().loops(1).build()) {
            RunningService service = ServiceRunner.start(reactor, new UpperService(),
                    List.of(Endpoint.parse("udp://127.0.0.1:0")));
            String output = runConnect("one\ntwo\n", service.boundEndpoints().get(0).toString());
            assertThat(output).contains("ONE").contains("TWO");
        }
    }

    @Test
    void aRefusedConnectionFailsWithOneClearLine() throws Exception {
        int closed;
        try (java.net.ServerSocket probe = new java.net.ServerSocket(0)) {
            closed = probe.getLocalPort();
        }
        String java = ProcessHandle.current().info().command().orElseThrow();
        Process process = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), "io.switchboard.cli.Main",
                "connect", "127.0.0.1:" + closed).redirectErrorStream(true).start();
        process.getOutputStream().close();
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).isEqualTo(1);
        assertThat(new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8))
                .contains("connect tcp://127.0.0.1:" + closed + " failed").contains("refused");
    }
}
