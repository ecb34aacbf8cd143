package io.switchboard.tls;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Builds {@link SSLContext}s from PEM files and certificates, with errors that name the file.
 *
 * <ul>
 *   <li>{@link #server(Path, Path)}: a certificate chain ({@code -----BEGIN CERTIFICATE-----}, the
 *       server's first) and its PKCS#8 private key ({@code -----BEGIN PRIVATE KEY-----}, RSA or EC);
 *   <li>{@link #trusting(Path)}: a client trusting the certificates of a PEM file ({@code --cacert});
 *   <li>{@link #systemTrust()}: a client trusting the JDK's trust store.
 * </ul>
 *
 * <p>Thread-safety: stateless.
 */
public final class TlsContexts {

    private static final String KEY_BEGIN = "-----BEGIN PRIVATE KEY-----";
    private static final String KEY_END = "-----END PRIVATE KEY-----";
    private static final char[] NO_PASSWORD = new char[0];

    private TlsContexts() {
    }

    /**
     * A server context from PEM files.
     *
     * @throws TlsSetupException naming the file when it is missing, not PEM, holds no certificate
     *                           or key, an unsupported key format, or a key that does not match the certificate
     */
    public static SSLContext server(Path certificatePem, Path privateKeyPem) {
        List<X509Certificate> chain = certificates(certificatePem);
        PrivateKey key = privateKey(privateKeyPem);
        if (!matches(key, chain.getFirst())) {
            throw new TlsSetupException("private key " + privateKeyPem + " does not match the certificate in "
                    + certificatePem + " (" + chain.getFirst().getSubjectX500Principal().getName() + ")");
        }
        return server(key, chain);
    }

    /** A server context for a key and its certificate chain (the server's certificate first). */
    public static SSLContext server(PrivateKey key, List<X509Certificate> chain) {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry("server", key, NO_PASSWORD, chain.toArray(new Certificate[0]));
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(store, NO_PASSWORD);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys.getKeyManagers(), null, new SecureRandom());
            return context;
        } catch (GeneralSecurityException | IOException e) {
            throw new TlsSetupException("cannot build a TLS server context: " + e.getMessage(), e);
        }
    }

    /** A client context trusting exactly the certificates in {@code caPem} (curl's {@code --cacert}). */
    public static SSLContext trusting(Path caPem) {
        return trusting(certificates(caPem));
    }

    /** A client context trusting exactly {@code certificates}. */
    public static SSLContext trusting(List<X509Certificate> certificates) {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            for (int i = 0; i < certificates.size(); i++) {
                store.setCertificateEntry("ca-" + i, certificates.get(i));
            }
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(store);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), new SecureRandom());
            return context;
        } catch (GeneralSecurityException | IOException e) {
            throw new TlsSetupException("cannot build a TLS client context: " + e.getMessage(), e);
        }
    }

    /** A client context trusting the JDK's default trust store ({@code cacerts}). */
    public static SSLContext systemTrust() {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, null, new SecureRandom());
            return context;
        } catch (GeneralSecurityException e) {
            throw new TlsSetupException("cannot build a TLS client context: " + e.getMessage(), e);
        }
    }

    /** The X.509 certificates of a PEM file, in order; at least one. */
    public static List<X509Certificate> certificates(Path pem) {
        byte[] bytes = read(pem, "certificate");
        String text = new String(bytes, StandardCharsets.US_ASCII);
        if (!text.contains("-----BEGIN CERTIFICATE-----")) {
            throw new TlsSetupException(pem + ": no '-----BEGIN CERTIFICATE-----' block (expected: a PEM certificate chain)");
        }
        try {
            Collection<? extends Certificate> parsed = CertificateFactory.getInstance("X.509")
                    .generateCertificates(new ByteArrayInputStream(bytes));
            List<X509Certificate> chain = new ArrayList<>();
            for (Certificate certificate : parsed) {
                chain.add((X509Certificate) certificate);
            }
            if (chain.isEmpty()) {
                throw new TlsSetupException(pem + ": no certificate found (expected: a PEM certificate chain)");
            }
            return List.copyOf(chain);
        } catch (CertificateException e) {
            throw new TlsSetupException(pem + ": not a valid PEM certificate: " + e.getMessage(), e);
        }
    }

    /** The PKCS#8 private key (RSA or EC) of a PEM file. */
    public static PrivateKey privateKey(Path pem) {
        String text = new String(read(pem, "private key"), StandardCharsets.US_ASCII);
        if (text.contains("-----BEGIN RSA PRIVATE KEY-----") || text.contains("-----BEGIN EC PRIVATE KEY-----")) {
            throw new TlsSetupException(pem + ": a PKCS#1/SEC1 key; convert it to PKCS#8 with "
                    + "'openssl pkcs8 -topk8 -nocrypt -in " + pem + " -out key.pem'");
        }
        if (text.contains("-----BEGIN ENCRYPTED PRIVATE KEY-----")) {
            throw new TlsSetupException(pem + ": an encrypted key; decrypt it with "
                    + "'openssl pkcs8 -nocrypt -in " + pem + " -out key.pem'");
        }
        int begin = text.indexOf(KEY_BEGIN);
        int end = text.indexOf(KEY_END);
        if (begin < 0 || end < begin) {
            throw new TlsSetupException(pem + ": no '" + KEY_BEGIN + "' ... '" + KEY_END
                    + "' block (expected: a PKCS#8 private key in PEM)");
        }
        byte[] der;
        try {
            der = Base64.getMimeDecoder().decode(text.substring(begin + KEY_BEGIN.length(), end));
        } catch (IllegalArgumentException e) {
            throw new TlsSetupException(pem + ": the private key is not valid base64: " + e.getMessage(), e);
        }
        for (String algorithm : List.of("RSA", "EC", "Ed25519", "RSASSA-PSS")) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
            } catch (InvalidKeySpecException | java.security.NoSuchAlgorithmException e) {
                // try the next algorithm
            }
        }
        throw new TlsSetupException(pem + ": not an RSA or EC private key in PKCS#8 form");
    }

    /** Whether {@code key} is the private half of {@code certificate}'s public key: sign and verify a test message. */
    private static boolean matches(PrivateKey key, X509Certificate certificate) {
        String algorithm = switch (key.getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC" -> "SHA256withECDSA";
            case "Ed25519" -> "Ed25519";
            default -> null;
        };
        if (algorithm == null) {
            return true; // cannot check cheaply; the handshake will tell
        }
        try {
            byte[] message = "switchboard key check".getBytes(StandardCharsets.US_ASCII);
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(message);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(certificate.getPublicKey());
            verifier.update(message);
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    private static byte[] read(Path file, String what) {
        try {
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new TlsSetupException(what + " file " + file + " does not exist", e);
        } catch (IOException e) {
            throw new TlsSetupException("cannot read " + what + " file " + file + ": " + e.getMessage(), e);
        }
    }
}
