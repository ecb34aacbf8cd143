package io.switchboard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.tls.TlsContexts;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/**
 * {@code serve} with {@code tls://} endpoints as a user runs it (a separate JVM with a self-signed
 * certificate), checked by independent peers: the JDK's {@code SSLSocket}, {@code openssl s_client}
 * and {@code curl --cacert} (each skipped when not installed); and the usage errors.
 */
@Timeout(60)
class ServeTlsTest {

    private static final Pattern TLS_ENDPOINT = Pattern.compile("tls://127\\.0\\.0\\.1:(\\d+)");

    @TempDir
    static Path dir;

    private static Process server;
    private static List<String> table;
    private static Path errors;

    @BeforeAll
    static void startServer() throws Exception {
        errors = dir.resolve("stderr.txt");
        String java = ProcessHandle.current().info().command().orElseThrow();
        server = new ProcessBuilder(java, "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                "io.switchboard.cli.Main", "serve", "--listen", "echo=tls://127.0.0.1:0", "--listen", "http=tls://127.0.0.1:0",
                "--listen", "callcenter=tls://127.0.0.1:0",
                "--tls-self-signed", "--data-dir", dir.resolve("data").toString())
                .redirectError(errors.toFile()).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
        table = new ArrayList<>();
        String line;
        while ((line = out.readLine()) != null && !line.contains("Ctrl-C")) {
            table.add(line);
        }
        assertThat(line).as("serve printed its table; stderr: %s", Files.readString(errors)).isNotNull();
    }

    @AfterAll
    static void stopServer() throws Exception {
        server.destroy();
        boolean stopped = server.waitFor(5, TimeUnit.SECONDS);
        server.destroyForcibly();
        assertThat(stopped).as("serve stopped on SIGTERM").isTrue();
    }

    private static int port(String service) {
        for (String row : table) {
            if (row.trim().startsWith(service + " ")) {
                Matcher matcher = TLS_ENDPOINT.matcher(row);
                if (matcher.find()) {
                    return Integer.parseInt(matcher.group(1));
                }
            }
        }
        throw new AssertionError("no tls endpoint for " + service + " in " + table);
    }

    private static Path certificate() {
        return dir.resolve("data").resolve("tls").resolve("self-signed-cert.pem");
    }

    @Test
    void printsTheFingerprintOfTheCertificateItWrote() throws Exception {
        String printed = Files.readString(errors);
        assertThat(printed).contains("SHA-256 fingerprint").contains(certificate().toString());
        byte[] der = TlsContexts.certificates(certificate()).getFirst().getEncoded();
        String fingerprint = java.util.HexFormat.ofDelimiter(":").withUpperCase()
                .formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(der));
        assertThat(printed).contains(fingerprint);
        assertThat(table).anyMatch(row -> row.contains("openssl s_client -quiet -connect 127.0.0.1:" + port("echo")));
        assertThat(table).anyMatch(row -> row.contains("open https://127.0.0.1:" + port("http") + "/"));
    }

    @Test
    void echoesToAJdkClientThatTrustsTheWrittenCertificate() throws Exception {
        SSLSocket socket = (SSLSocket) TlsContexts.trusting(certificate()).getSocketFactory()
                .createSocket("127.0.0.1", port("echo"));
        try (socket) {
            SSLParameters parameters = socket.getSSLParameters();
            parameters.setEndpointIdentificationAlgorithm("HTTPS");
            socket.setSSLParameters(parameters);
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write("secret\n".getBytes(StandardCharsets.UTF_8));
            assertThat(new String(socket.getInputStream().readNBytes(7), StandardCharsets.UTF_8)).isEqualTo("secret\n");
        }
    }

    @Test
    void echoesALineToOpensslSClientWhichSeesACleanClose() throws Exception {
        Process openssl = start("openssl", "s_client", "-connect", "127.0.0.1:" + port("echo"), "-quiet", "-no_ign_eof",
                "-verify_return_error", "-CAfile", certificate().toString(), "-verify_ip", "127.0.0.1");
        try {
            openssl.getOutputStream().write("hello over tls\n".getBytes(StandardCharsets.UTF_8));
            openssl.getOutputStream().flush();
            BufferedReader reader = new BufferedReader(new InputStreamReader(openssl.getInputStream(), StandardCharsets.UTF_8));
            String line = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                try {
                    return reader.readLine();
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).get(10, TimeUnit.SECONDS); // a pipe read ignores interrupts: bound it here, not by @Timeout
            assertThat(line).isEqualTo("hello over tls");
            openssl.getOutputStream().close(); // s_client sends close_notify at end of input; echo closes in turn
            assertThat(openssl.waitFor(10, TimeUnit.SECONDS)).isTrue();
        } finally {
            openssl.destroyForcibly();
        }
    }

    @Test
    void theServerClosesWithCloseNotifyAsOpensslSClientSees() throws Exception {
        Process openssl = start("openssl", "s_client", "-connect", "127.0.0.1:" + port("callcenter"), "-quiet", "-msg",
                "-CAfile", certificate().toString());
        try {
            // sent once the handshake is done; the call center welcomes (no newline), then hangs up on "exit"
            openssl.getOutputStream().write("exit\n".getBytes(StandardCharsets.UTF_8));
            openssl.getOutputStream().flush();
            assertThat(openssl.waitFor(15, TimeUnit.SECONDS)).as("s_client ended when the server closed").isTrue();
            String output = new String(openssl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(output).contains("10086").contains("<<< TLS 1.3, Alert [length 0002], warning close_notify");
        } finally {
            openssl.destroyForcibly();
        }
    }

    @Test
    void servesHttpsToCurlWithCacert() throws Exception {
        Process curl = start("curl", "--silent", "--show-error", "--max-time", "10", "--cacert", certificate().toString(),
                "https://127.0.0.1:" + port("http") + "/plaintext");
        assertThat(curl.waitFor(15, TimeUnit.SECONDS)).isTrue();
        String body = new String(curl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(curl.exitValue()).as("curl exit status; body %s", body).isZero();
        assertThat(body).contains("Hello");
    }

    @Test
    void curlWithoutTheCertificateRefusesTheServer() throws Exception {
        Process curl = start("curl", "--silent", "--max-time", "10", "--cacert", "/dev/null",
                "https://127.0.0.1:" + port("http") + "/plaintext");
        assertThat(curl.waitFor(15, TimeUnit.SECONDS)).isTrue();
        assertThat(curl.exitValue()).as("curl refuses an untrusted certificate").isNotZero();
    }

    private static Process start(String... command) throws IOException {
        try {
            return new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        } catch (IOException e) {
            Assumptions.abort(command[0] + " is not installed");
            throw e;
        }
    }

    /** Every model serves tls:// with a certificate and key from PEM files (prefork: each worker loads them). */
    @ParameterizedTest
    @ValueSource(strings = {"reactor", "iterative", "threads", "virtual", "prefork"})
    void servesWithACertificateAndKeyFromPemFilesUnderEveryModel(String model) throws Exception {
        io.switchboard.tls.SelfSignedCertificate pair = io.switchboard.tls.SelfSignedCertificate.generate();
        Path cert = Files.writeString(dir.resolve("pem-cert-" + model + ".pem"), pair.certificatePem());
        Path key = Files.writeString(dir.resolve("pem-key-" + model + ".pem"), pair.privateKeyPem());
        String java = ProcessHandle.current().info().command().orElseThrow();
        Process pemServer = new ProcessBuilder(java, "--enable-native-access=ALL-UNNAMED", "-cp",
                System.getProperty("java.class.path"), "io.switchboard.cli.Main",
                "serve", "--model", model, "--workers", "1", "--listen", "upper=tls://127.0.0.1:0",
                "--tls-cert", cert.toString(), "--tls-key", key.toString(),
                "--data-dir", dir.resolve("pem-data-" + model).toString())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(pemServer.getInputStream(), StandardCharsets.UTF_8));
            String row;
            int port = -1;
            while ((row = out.readLine()) != null && !row.contains("Ctrl-C")) {
                Matcher matcher = TLS_ENDPOINT.matcher(row);
                if (row.trim().startsWith("upper ") && matcher.find()) {
                    port = Integer.parseInt(matcher.group(1));
                }
            }
            assertThat(port).as("upper's tls port in the table").isPositive();
            SSLSocket socket = (SSLSocket) TlsContexts.trusting(cert).getSocketFactory().createSocket("127.0.0.1", port);
            try (socket) {
                socket.setSoTimeout(10_000);
                socket.getOutputStream().write("quiet\n".getBytes(StandardCharsets.UTF_8));
                assertThat(new String(socket.getInputStream().readNBytes(5), StandardCharsets.UTF_8)).isEqualTo("QUIET");
            }
        } finally {
            pemServer.destroy(); // SIGTERM: a prefork supervisor stops its worker too
            if (!pemServer.waitFor(10, TimeUnit.SECONDS)) {
                pemServer.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        }
    }

    private record Result(int status, String err) {
    }

    private static Result run(String... args) {
        CommandLine commandLine = Main.commandLine();
        StringWriter err = new StringWriter();
        commandLine.setOut(new PrintWriter(new StringWriter()));
        commandLine.setErr(new PrintWriter(err));
        int status = commandLine.execute(args);
        return new Result(status, err.toString());
    }

    @Test
    void usageErrorsExplainWhatIsMissing() throws Exception {
        Path data = dir.resolve("usage");
        Result prefork = run("serve", "--model", "prefork", "--listen", "echo=tls://127.0.0.1:0", "--tls-self-signed",
                "--data-dir", data.toString());
        assertThat(prefork.status()).isEqualTo(2);
        assertThat(prefork.err()).contains("--model prefork cannot use --tls-self-signed").contains("--tls-cert FILE");

        Result noCertificate = run("serve", "--listen", "echo=tls://127.0.0.1:0", "--data-dir", data.toString());
        assertThat(noCertificate.status()).isEqualTo(2);
        assertThat(noCertificate.err()).contains("--tls-cert FILE --tls-key FILE, or --tls-self-signed");

        Path badPem = Files.writeString(dir.resolve("bad.pem"), "not a certificate");
        Result bad = run("serve", "--listen", "echo=tls://127.0.0.1:0", "--tls-cert", badPem.toString(), "--tls-key",
                badPem.toString(), "--data-dir", data.toString());
        assertThat(bad.status()).isEqualTo(2);
        assertThat(bad.err()).contains(badPem.toString()).contains("BEGIN CERTIFICATE");

        Result halfPair = run("serve", "--listen", "echo=tls://127.0.0.1:0", "--tls-cert", badPem.toString(),
                "--data-dir", data.toString());
        assertThat(halfPair.status()).isEqualTo(2);
        assertThat(halfPair.err()).contains("--tls-cert needs --tls-key");
    }
}
