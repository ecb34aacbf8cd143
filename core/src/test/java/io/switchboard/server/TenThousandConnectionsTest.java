package io.switchboard.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.endpoint.Endpoint;
import io.switchboard.endpoint.InetEndpoint;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The thread-per-connection model at scale: 10 000 connections open at once, each held by its
 * own virtual thread blocked in a read, all answered. The clients run in a second JVM.
 */
@Timeout(120)
class TenThousandConnectionsTest {

    private static final int CONNECTIONS = 10_000;

    @Test
    void virtualThreadsHoldAndAnswerTenThousandConnections() throws Exception {
        try (TcpServer server = new TcpServer(Endpoint.parse("tcp://127.0.0.1:0"), ServerModelsTest.UpperLines::new,
                ServerConfig.DEFAULTS.withDispatch(Dispatch.virtual()).withBacklog(4096)
                        .withShutdownGrace(Duration.ofSeconds(5)))) {
            Thread serving = Thread.ofPlatform().start(() -> {
                try {
                    server.serveForever(Duration.ofMillis(200));
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            String java = ProcessHandle.current().info().command().orElseThrow();
            Process clients = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                    ManyClients.class.getName(), String.valueOf(((InetEndpoint) server.endpoint()).port()),
                    String.valueOf(CONNECTIONS)).redirectErrorStream(true).start();
            try {
                assertThat(clients.waitFor(100, TimeUnit.SECONDS)).as("clients finished").isTrue();
                String output = new String(clients.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                assertThat(output).as(output).contains("OK " + CONNECTIONS);
                assertThat(clients.exitValue()).isZero();
                assertThat(server.stats().totalConnections()).isEqualTo(CONNECTIONS);
            } finally {
                clients.destroyForcibly();
            }
            server.shutdown();
            serving.join(10_000);
        }
    }
}
