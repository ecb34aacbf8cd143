package io.switchboard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.endpoint.Endpoint;
import io.switchboard.io.ListenOptions;
import io.switchboard.limits.ConnectionLimits;
import io.switchboard.reactor.Reactor;
import io.switchboard.server.Dispatch;
import io.switchboard.server.ServerConfig;
import io.switchboard.services.RunningService;
import io.switchboard.services.ServiceContext;
import io.switchboard.services.ServiceRunner;
import io.switchboard.services.files.FilesClient;
import io.switchboard.services.files.FilesService;
import io.switchboard.tls.SelfSignedCertificate;
import io.switchboard.tls.TlsConfig;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/**
 * {@code put}, {@code ls} and {@code get} to a {@code tls://} files server — on the reactor and
 * under a blocking model: verified with {@code --cacert}, refused when the server is not trusted,
 * accepted with a warning under {@code --insecure}.
 */
@Timeout(60)
class FilesOverTlsTest {

    private static SelfSignedCertificate certificate;
    private static Path certificatePem;

    @TempDir
    static Path shared;

    @TempDir
    Path directory;

    private Reactor reactor;
    private RunningService service;

    @BeforeAll
    static void makeCertificate() throws Exception {
        certificate = SelfSignedCertificate.generate();
        certificatePem = Files.writeString(shared.resolve("cert.pem"), certificate.certificatePem());
    }

    @AfterEach
    void stop() {
        if (service != null) {
            service.close();
        }
        if (reactor != null) {
            reactor.close();
        }
    }

    /** The files service on tls://127.0.0.1:0, served by {@code model}; returns its endpoint. */
    private String serve(String model, Path dataDir) throws Exception {
        TlsConfig tls = TlsConfig.of(certificate.serverContext());
        List<Endpoint> endpoints = List.of(Endpoint.parse("tls://127.0.0.1:0"));
        if (model.equals("reactor")) {
            reactor = Reactor.builder().loops(1).build();
            service = ServiceRunner.start(reactor, new FilesService(), endpoints, ListenOptions.DEFAULTS,
                    new ServiceContext(dataDir), ConnectionLimits.DEFAULTS, tls);
        } else {
            service = ServiceRunner.startBlocking(new FilesService(), endpoints,
                    ServerConfig.DEFAULTS.withDispatch(Dispatch.threads(4)).withShutdownGrace(Duration.ofMillis(500)),
                    new ServiceContext(dataDir), tls);
        }
        String endpoint = service.boundEndpoints().getFirst().toString();
        assertThat(endpoint).startsWith("tls://127.0.0.1:");
        return endpoint;
    }

    private record Result(int status, String out, String err) {
    }

    private static Result run(String... args) {
        CommandLine commandLine = Main.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        return new Result(commandLine.execute(args), out.toString(), err.toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"reactor", "threads"})
    void putListGetRoundTripOverTlsWithTheHashVerified(String model) throws Exception {
        Path dataDir = Files.createDirectories(directory.resolve("data"));
        String endpoint = serve(model, dataDir);
        byte[] big = new byte[3_000_017]; // many 16 KiB records, and a short last one
        new Random(9).nextBytes(big);
        Path bigFile = Files.write(directory.resolve("big.bin"), big);
        Path emptyFile = Files.write(directory.resolve("empty.txt"), new byte[0]);
        String sha256 = FilesClient.sha256Of(bigFile);
        String cacert = certificatePem.toString();

        Result put = run("put", bigFile.toString(), emptyFile.toString(), endpoint, "--cacert", cacert, "--plain");
        assertThat(put.status()).as(put.err()).isZero();
        assertThat(put.out()).contains("stored big.bin 3000017 bytes sha256 " + sha256).contains("stored empty.txt 0 bytes");
        assertThat(dataDir.resolve("files").resolve("big.bin")).hasBinaryContent(big);

        Result ls = run("ls", endpoint, "--cacert", cacert);
        assertThat(ls.status()).as(ls.err()).isZero();
        assertThat(ls.out().lines().skip(1).toList()).hasSize(2)
                .anySatisfy(line -> assertThat(line).matches("\\s*3000017  \\S+ \\S+  big\\.bin"));

        Path copy = directory.resolve("copy.bin");
        Result get = run("get", "big.bin", "-o", copy.toString(), endpoint, "--cacert", cacert, "--plain");
        assertThat(get.status()).as(get.err()).isZero();
        assertThat(get.out()).contains("sha256 " + sha256);
        assertThat(copy).hasBinaryContent(big);

        Path resumed = directory.resolve("resumed.bin");
        Files.write(FilesTestSupport.partial(resumed), java.util.Arrays.copyOf(big, 1_000_000));
        Result resume = run("get", "big.bin", "-o", resumed.toString(), endpoint, "--cacert", cacert, "--plain");
        assertThat(resume.status()).as(resume.err()).isZero();
        assertThat(resume.out()).contains("resumed at byte 1000000");
        assertThat(resumed).hasBinaryContent(big);
    }

    @Test
    void anUntrustedServerIsRefusedWithAHint() throws Exception {
        Path dataDir = Files.createDirectories(directory.resolve("data"));
        String endpoint = serve("reactor", dataDir);
        Path file = Files.writeString(directory.resolve("secret.txt"), "not for strangers");

        Result put = run("put", file.toString(), endpoint);
        assertThat(put.status()).as(put.out() + put.err()).isEqualTo(FilesCommand.EXIT_CANNOT_CONNECT);
        assertThat(put.err()).contains("cannot connect to " + endpoint).contains("certificate is not trusted")
                .contains("--cacert FILE").contains("--insecure");
        assertThat(dataDir.resolve("files").resolve("secret.txt")).doesNotExist();

        Path otherCa = Files.writeString(directory.resolve("other.pem"), SelfSignedCertificate.generate().certificatePem());
        Result ls = run("ls", endpoint, "--cacert", otherCa.toString());
        assertThat(ls.status()).isEqualTo(FilesCommand.EXIT_CANNOT_CONNECT);
        assertThat(ls.err()).contains("certificate is not trusted");
    }

    @Test
    void insecureSkipsVerificationWithAWarning() throws Exception {
        Path dataDir = Files.createDirectories(directory.resolve("data"));
        String endpoint = serve("threads", dataDir);
        Path file = Files.writeString(directory.resolve("dev.txt"), "development only");

        Result put = run("put", file.toString(), endpoint, "--insecure", "--plain");
        assertThat(put.status()).as(put.err()).isZero();
        assertThat(put.err()).contains("warning: --insecure");
        assertThat(dataDir.resolve("files").resolve("dev.txt")).hasContent("development only");

        Result ls = run("ls", endpoint, "--insecure");
        assertThat(ls.status()).as(ls.err()).isZero();
        assertThat(ls.out()).contains("dev.txt");
    }

    @Test
    void aTlsClientAgainstAPlaintextServerSaysTheHandshakeFailed() throws Exception {
        Path dataDir = Files.createDirectories(directory.resolve("data"));
        reactor = Reactor.builder().loops(1).build();
        service = ServiceRunner.start(reactor, new FilesService(), List.of(Endpoint.parse("tcp://127.0.0.1:0")),
                ListenOptions.DEFAULTS, new ServiceContext(dataDir));
        String plain = service.boundEndpoints().getFirst().toString();
        String asTls = plain.replace("tcp://", "tls://");

        Result ls = run("ls", asTls, "--cacert", certificatePem.toString(), "--connect-timeout", "5");
        assertThat(ls.status()).isEqualTo(FilesCommand.EXIT_CANNOT_CONNECT);
        assertThat(ls.err()).contains("cannot connect to " + asTls).contains("TLS");

        Result flags = run("ls", plain, "--insecure");
        assertThat(flags.status()).isEqualTo(2);
        assertThat(flags.err()).contains("tls:// endpoints only");
    }
}
