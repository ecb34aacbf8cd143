package io.switchboard.cli;

import io.switchboard.endpoint.Endpoint;
import io.switchboard.endpoint.TcpEndpoint;
import io.switchboard.tls.TlsContexts;
import io.switchboard.tls.TlsSetupException;
import java.io.PrintWriter;
import java.net.Socket;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * The TLS flags of the clients ({@code connect}, {@code chat}, {@code put}, {@code get}, {@code ls}): a {@code tls://} server is verified
 * against the JDK's trust store, or against {@code --cacert FILE}; {@code --insecure} skips the
 * verification (for development only, with a warning on stderr).
 *
 * <p>Not thread-safe: picocli fills it, then one command reads it.
 */
final class ClientTlsOptions {

    /** What to say after "the server's certificate is not trusted". */
    static final String UNTRUSTED_HINT = "pass --cacert FILE with the certificate that signed it, or --insecure for development";

    @Option(names = "--cacert", paramLabel = "PEM",
            description = "For tls:// servers: trust the certificates in this PEM file (e.g. the one serve "
                    + "--tls-self-signed wrote) instead of the JDK's trust store.")
    Path caCertificates;

    @Option(names = "--insecure",
            description = "For tls:// servers: do not verify the server's certificate or name (development only).")
    boolean insecure;

    /** What a client connection needs: the context, and whether to check the server's name. */
    record ClientTls(SSLContext context, boolean verifyHostName) {
    }

    /**
     * The TLS settings for {@code endpoint}: {@code null} for a plain endpoint.
     *
     * @throws CommandLine.ParameterException for contradicting flags, TLS flags on a plain endpoint, or a bad --cacert
     */
    ClientTls forEndpoint(Endpoint endpoint, CommandLine commandLine) {
        boolean tls = endpoint instanceof TcpEndpoint tcp && tcp.tls();
        if (!tls) {
            if (insecure || caCertificates != null) {
                throw new CommandLine.ParameterException(commandLine,
                        "--cacert and --insecure apply to tls:// endpoints only, not " + endpoint);
            }
            return null;
        }
        if (insecure && caCertificates != null) {
            throw new CommandLine.ParameterException(commandLine, "--cacert and --insecure exclude each other: choose one");
        }
        if (insecure) {
            PrintWriter err = commandLine.getErr();
            err.println("warning: --insecure: the server's certificate is not verified; anyone on the path can read "
                    + "and change this connection");
            err.flush();
            return new ClientTls(trustingAnyone(), false);
        }
        try {
            return new ClientTls(caCertificates != null ? TlsContexts.trusting(caCertificates) : TlsContexts.systemTrust(),
                    true);
        } catch (TlsSetupException e) {
            throw new CommandLine.ParameterException(commandLine, "--cacert: " + e.getMessage());
        }
    }

    /** A context that accepts any server certificate: what {@code --insecure} asks for, and nothing else uses. */
    private static SSLContext trustingAnyone() {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {new AcceptAnyServer()}, new SecureRandom());
            return context;
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException("cannot build a TLS context", e);
        }
    }

    /** Accepts every server certificate; refuses to act for a server. */
    private static final class AcceptAnyServer extends X509ExtendedTrustManager {
        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws java.security.cert.CertificateException {
            throw new java.security.cert.CertificateException("a client context does not verify clients");
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
                throws java.security.cert.CertificateException {
            checkClientTrusted(chain, authType);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws java.security.cert.CertificateException {
            checkClientTrusted(chain, authType);
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
