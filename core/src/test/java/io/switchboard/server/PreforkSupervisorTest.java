package io.switchboard.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Worker processes sharing a port: served, killed, replaced, stopped. */
@Timeout(90)
class PreforkSupervisorTest {

    private static int freePort() throws IOException {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return probe.getLocalPort();
        }
    }

    /** Asks the workers once; returns the pid that answered. */
    private static long ask(int port) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write("ping".getBytes(StandardCharsets.UTF_8));
            socket.shutdownOutput();
            String reply = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(reply).endsWith(":ping");
            return Long.parseLong(reply.substring(0, reply.indexOf(':')));
        }
    }

    @Test
    void aKilledWorkerIsReplacedWhileClientsKeepBeingServed() throws Exception {
        int port = freePort();
        String java = ProcessHandle.current().info().command().orElseThrow();
        List<String> worker = List.of(java, "--enable-native-access=ALL-UNNAMED", "-cp",
                System.getProperty("java.class.path"), EchoWorker.class.getName(), String.valueOf(port));
        try (PreforkSupervisor supervisor = new PreforkSupervisor(worker, 2)) {
            supervisor.start();
            List<Long> pids = supervisor.workerPids();
            assertThat(pids).hasSize(2).doesNotContain(-1L);

            Set<Long> answered = new HashSet<>();
            for (int i = 0; i < 200 && answered.size() < 2; i++) {
                answered.add(ask(port));
            }
            assertThat(answered).as("the kernel spreads connections over both workers").containsExactlyInAnyOrderElementsOf(pids);

            long victim = pids.get(0);
            ProcessHandle dying = ProcessHandle.of(victim).orElseThrow();
            dying.destroyForcibly(); // SIGKILL
            dying.onExit().get(10, TimeUnit.SECONDS); // its listening socket is gone with it
            for (int i = 0; i < 50; i++) {
                assertThat(ask(port)).as("served while a worker is down").isNotEqualTo(victim);
            }
            Awaitility.await("the dead worker replaced").atMost(Duration.ofSeconds(30))
                    .until(() -> supervisor.restarts() == 1);
            List<Long> after = supervisor.workerPids();
            assertThat(after).doesNotContain(victim).contains(pids.get(1));

            assertThat(supervisor.stop(Duration.ofSeconds(10))).as("workers stopped on SIGTERM").isTrue();
        }
        Awaitility.await("port free again").atMost(Duration.ofSeconds(10)).until(() -> {
            try (ServerSocket again = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
                return true;
            } catch (IOException stillBound) {
                return false;
            }
        });
    }
}
