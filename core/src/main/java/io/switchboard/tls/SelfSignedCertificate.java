package io.switchboard.tls;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;

/**
 * A development certificate for {@code localhost} and {@code 127.0.0.1}, signed by itself: made by
 * running the JDK's own {@code keytool -genkeypair} (EC P-256, valid 30 days) into a temporary
 * PKCS#12 file that is deleted at once. Clients trust it by its {@link #fingerprint()} or its
 * {@link #certificatePem()} ({@code curl --cacert}); never use it in production.
 *
 * @param certificate the certificate (subject {@code CN=localhost}, SAN {@code IP:127.0.0.1, DNS:localhost})
 * @param key         its private key
 */
public record SelfSignedCertificate(X509Certificate certificate, PrivateKey key) {

    /** How long {@code keytool} may take. */
    private static final long KEYTOOL_SECONDS = 60;

    /**
     * Generates a new certificate with the {@code keytool} next to the running {@code java}.
     *
     * @throws TlsSetupException when keytool is missing or fails; the message quotes its output
     */
    public static SelfSignedCertificate generate() {
        Path keytool = keytool();
        Path directory = null;
        try {
            directory = Files.createTempDirectory("switchboard-tls");
            Path store = directory.resolve("self-signed.p12");
            String password = UUID.randomUUID().toString();
            List<String> command = new ArrayList<>(List.of(keytool.toString(), "-genkeypair", "-noprompt",
                    "-alias", "switchboard", "-keyalg", "EC", "-groupname", "secp256r1", "-sigalg", "SHA256withECDSA",
                    "-dname", "CN=localhost", "-ext", "SAN=IP:127.0.0.1,DNS:localhost", "-validity", "30",
                    "-storetype", "PKCS12", "-keystore", store.toString(), "-storepass", password, "-keypass", password));
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            byte[] output = process.getInputStream().readAllBytes();
            if (!process.waitFor(KEYTOOL_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new TlsSetupException(keytool + " -genkeypair did not finish in " + KEYTOOL_SECONDS + " s");
            }
            if (process.exitValue() != 0) {
                throw new TlsSetupException(keytool + " -genkeypair failed (exit " + process.exitValue() + "): "
                        + new String(output, StandardCharsets.UTF_8).strip());
            }
            KeyStore keyStore = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(store)) {
                keyStore.load(in, password.toCharArray());
            }
            return new SelfSignedCertificate((X509Certificate) keyStore.getCertificate("switchboard"),
                    (PrivateKey) keyStore.getKey("switchboard", password.toCharArray()));
        } catch (IOException | GeneralSecurityException e) {
            throw new TlsSetupException("cannot make a self-signed certificate with " + keytool + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TlsSetupException("interrupted while " + keytool + " ran", e);
        } finally {
            deleteQuietly(directory);
        }
    }

    /** The {@code keytool} in the running JDK's {@code bin}, beside {@code java}. */
    static Path keytool() {
        Path java = ProcessHandle.current().info().command().map(Path::of)
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java"));
        Path keytool = java.resolveSibling("keytool");
        if (!Files.isExecutable(keytool)) {
            keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        }
        if (!Files.isExecutable(keytool)) {
            throw new TlsSetupException("no keytool beside " + java + " nor in " + System.getProperty("java.home")
                    + "/bin (a JDK, not a bare runtime, makes self-signed certificates)");
        }
        return keytool;
    }

    /** A server context presenting this certificate. */
    public SSLContext serverContext() {
        return TlsContexts.server(key, List.of(certificate));
    }

    /** A client context trusting this certificate only. */
    public SSLContext clientContext() {
        return TlsContexts.trusting(List.of(certificate));
    }

    /** The SHA-256 fingerprint of the certificate, as {@code AB:CD:...} (what {@code openssl x509 -fingerprint -sha256} prints). */
    public String fingerprint() {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded());
            return HexFormat.ofDelimiter(":").withUpperCase().formatHex(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
    }

    /** The certificate in PEM, for {@code curl --cacert} or {@code openssl s_client -CAfile}. */
    public String certificatePem() {
        try {
            return "-----BEGIN CERTIFICATE-----\n"
                    + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(certificate.getEncoded())
                    + "\n-----END CERTIFICATE-----\n";
        } catch (CertificateEncodingException e) {
            throw new IllegalStateException("cannot encode the certificate", e);
        }
    }

    /** The private key in PKCS#8 PEM (for tests and tools that need both files). */
    public String privateKeyPem() {
        return "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(key.getEncoded())
                + "\n-----END PRIVATE KEY-----\n";
    }

    private static void deleteQuietly(Path directory) {
        if (directory == null) {
            return;
        }
        try (var files = Files.list(directory)) {
            for (Path file : files.toList()) {
                Files.deleteIfExists(file);
            }
            Files.deleteIfExists(directory);
        } catch (IOException ignored) {
            // a temporary directory left behind is harmless
        }
    }
}
