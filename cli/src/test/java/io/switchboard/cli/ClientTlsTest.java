package io.switchboard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.endpoint.Endpoint;
import io.switchboard.io.ListenOptions;
import io.switchboard.limits.ConnectionLimits;
import io.switchboard.reactor.Reactor;
import io.switchboard.services.CallCenterService;
import io.switchboard.services.RunningService;
import io.switchboard.services.ServiceContext;
import io.switchboard.services.ServiceRunner;
import io.switchboard.tls.SelfSignedCertificate;
import io.switchboard.tls.TlsConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code connect} and {@code chat} to a {@code tls://} server: verified with {@code --cacert},
 * refused with a hint when the certificate is not trusted, accepted with a warning under
 * {@code --insecure}; {@code put} verifies a {@code tls://} server as they do.
 */
@Timeout(60)
class ClientTlsTest {

    @TempDir
    static Path dir;

    private static Reactor reactor;
    private static String endpoint;
    private static Path certificate;

    @BeforeAll
    static void startServer() throws Exception {
        SelfSignedCertificate selfSigned = SelfSignedCertificate.generate();
        certificate = Files.writeString(dir.resolve("cert.pem"), selfSigned.certificatePem());
        reactor = Reactor.builder().loops(1).build();
        RunningService service = ServiceRunner.start(reactor, new CallCenterService(),
                List.of(Endpoint.parse("tls://127.0.0.1:0")), ListenOptions.DEFAULTS, new ServiceContext(dir.resolve("data")),
                ConnectionLimits.DEFAULTS, TlsConfig.of(selfSigned.serverContext()));
        endpoint = service.boundEndpoints().getFirst().toString();
        assertThat(endpoint).startsWith("tls://127.0.0.1:");
    }

    @AfterAll
    static void stopServer() {
        reactor.close();
    }

    private record Run(int status, String output) {
    }

    private static Run run(String stdin, String... args) throws Exception {
        String java = ProcessHandle.current().info().command().orElseThrow();
        List<String> command = new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"),
                "io.switchboard.cli.Main"));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        process.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
        process.getOutputStream().close();
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return new Run(process.exitValue(), new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    @Test
    void connectVerifiesTheServerWithCacert() throws Exception {
        Run run = run("0\nexit\n", "connect", endpoint, "--cacert", certificate.toString());
        assertThat(run.status()).as(run.output()).isZero();
        assertThat(run.output()).contains("10086").contains("录音").contains("connection closed by the server");
    }

    @Test
    void connectRefusesAnUntrustedServerAndSaysHowToTrustIt() throws Exception {
        Run run = run("exit\n", "connect", endpoint);
        assertThat(run.status()).isEqualTo(1);
        assertThat(run.output()).contains("not trusted").contains("--cacert").doesNotContain("10086");
    }

    @Test
    void connectInsecureSkipsVerificationWithAWarning() throws Exception {
        Run run = run("exit\n", "connect", endpoint, "--insecure");
        assertThat(run.status()).as(run.output()).isZero();
        assertThat(run.output()).contains("warning: --insecure").contains("10086");
    }

    @Test
    void chatSpeaksTlsToo() throws Exception {
        Run run = run("exit\n", "chat", "--plain", endpoint, "--cacert", certificate.toString());
        assertThat(run.output()).contains("10086");
    }

    @Test
    void tlsFlagsOnAPlainEndpointAreUsageErrorsAndPutVerifiesTheServerToo() throws Exception {
        Run plain = run("", "connect", "tcp://127.0.0.1:1", "--insecure");
        assertThat(plain.status()).isEqualTo(2);
        assertThat(plain.output()).contains("tls:// endpoints only");
        Run put = run("", "put", certificate.toString(), endpoint);
        assertThat(put.status()).as(put.output()).isEqualTo(3);
        assertThat(put.output()).contains("certificate is not trusted").contains("--cacert");
    }
}
