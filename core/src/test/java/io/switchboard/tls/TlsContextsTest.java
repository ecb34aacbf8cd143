package io.switchboard.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** PEM loading and the self-signed development certificate: good files work, bad ones are named in the error. */
@Timeout(60)
class TlsContextsTest {

    private static SelfSignedCertificate certificate;

    @TempDir
    Path dir;

    @BeforeAll
    static void makeCertificate() {
        certificate = SelfSignedCertificate.generate();
    }

    private Path write(String name, String text) throws Exception {
        return Files.writeString(dir.resolve(name), text, StandardCharsets.US_ASCII);
    }

    @Test
    void theSelfSignedCertificateNamesLocalhostAndItsFingerprintIsSha256() throws Exception {
        assertThat(certificate.certificate().getSubjectX500Principal().getName()).isEqualTo("CN=localhost");
        assertThat(certificate.certificate().getSubjectAlternativeNames())
                .extracting(entry -> entry.get(1).toString()).contains("127.0.0.1", "localhost");
        assertThat(certificate.fingerprint()).matches("([0-9A-F]{2}:){31}[0-9A-F]{2}");
    }

    @Test
    void loadsAnEcCertificateAndPkcs8KeyFromPem() throws Exception {
        Path cert = write("cert.pem", certificate.certificatePem());
        Path key = write("key.pem", certificate.privateKeyPem());
        SSLContext context = TlsContexts.server(cert, key);
        assertThat(context.createSSLEngine()).isNotNull();
        assertThat(TlsContexts.certificates(cert)).containsExactly(certificate.certificate());
    }

    @Test
    void loadsAnRsaPairMadeByOpenssl() throws Exception {
        Path cert = dir.resolve("rsa-cert.pem");
        Path key = dir.resolve("rsa-key.pem");
        Process openssl;
        try {
            openssl = new ProcessBuilder("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout",
                    key.toString(), "-out", cert.toString(), "-subj", "/CN=localhost", "-days", "1")
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        } catch (java.io.IOException e) {
            Assumptions.abort("openssl is not installed");
            return;
        }
        assertThat(openssl.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(openssl.exitValue()).isZero();
        assertThat(TlsContexts.server(cert, key)).isNotNull();
        assertThat(TlsContexts.privateKey(key).getAlgorithm()).isEqualTo("RSA");
    }

    @Test
    void aMissingFileIsNamed() {
        Path missing = dir.resolve("nope.pem");
        assertThatThrownBy(() -> TlsContexts.server(missing, missing))
                .isInstanceOf(TlsSetupException.class).hasMessageContaining(missing.toString())
                .hasMessageContaining("does not exist");
    }

    @Test
    void aFileWithoutACertificateIsNamed() throws Exception {
        Path notPem = write("cert.pem", "hello, I am not a certificate\n");
        assertThatThrownBy(() -> TlsContexts.certificates(notPem))
                .isInstanceOf(TlsSetupException.class).hasMessageContaining(notPem.toString())
                .hasMessageContaining("BEGIN CERTIFICATE");
    }

    @Test
    void aCorruptCertificateIsNamed() throws Exception {
        Path corrupt = write("cert.pem", "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n");
        assertThatThrownBy(() -> TlsContexts.certificates(corrupt))
                .isInstanceOf(TlsSetupException.class).hasMessageContaining(corrupt.toString());
    }

    @Test
    void aPkcs1KeyIsRefusedWithTheCommandThatConvertsIt() throws Exception {
        Path key = write("key.pem", "-----BEGIN RSA PRIVATE KEY-----\nAAAA\n-----END RSA PRIVATE KEY-----\n");
        assertThatThrownBy(() -> TlsContexts.privateKey(key))
                .isInstanceOf(TlsSetupException.class).hasMessageContaining(key.toString())
                .hasMessageContaining("openssl pkcs8 -topk8 -nocrypt");
    }

    @Test
    void aKeyWithBadBase64OrBadDerIsNamed() throws Exception {
        Path badBase64 = write("b64.pem", "-----BEGIN PRIVATE KEY-----\n!!!!\n-----END PRIVATE KEY-----\n");
        assertThatThrownBy(() -> TlsContexts.privateKey(badBase64)).isInstanceOf(TlsSetupException.class)
                .hasMessageContaining(badBase64.toString());
        Path badDer = write("der.pem", "-----BEGIN PRIVATE KEY-----\nAAAAAAAA\n-----END PRIVATE KEY-----\n");
        assertThatThrownBy(() -> TlsContexts.privateKey(badDer)).isInstanceOf(TlsSetupException.class)
                .hasMessageContaining(badDer.toString()).hasMessageContaining("PKCS#8");
    }

    @Test
    void aKeyThatDoesNotMatchTheCertificateIsRefused() throws Exception {
        Path cert = write("cert.pem", certificate.certificatePem());
        Path otherKey = write("other.pem", SelfSignedCertificate.generate().privateKeyPem());
        assertThatThrownBy(() -> TlsContexts.server(cert, otherKey)).isInstanceOf(TlsSetupException.class)
                .hasMessageContaining("does not match").hasMessageContaining(otherKey.toString());
    }

    @Test
    void aCaFileBuildsAClientContextTrustingIt() throws Exception {
        Path ca = write("ca.pem", certificate.certificatePem());
        assertThat(TlsContexts.trusting(ca)).isNotNull();
        assertThat(TlsContexts.trusting(List.of(certificate.certificate()))).isNotNull();
    }
}
