package io.switchboard.tls;

import java.io.IOException;
import java.net.Socket;
import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * How to speak TLS: the JDK {@link SSLContext} (keys and trust) and how long a handshake may take.
 *
 * <p>Engines made here speak TLS 1.2 and 1.3 only, with the JDK's default cipher suites.
 *
 * @param context          the keys (server) and trust (client); see {@link TlsContexts}
 * @param handshakeTimeout how long a peer has to finish the handshake before it is closed
 *                         (default {@link #DEFAULT_HANDSHAKE_TIMEOUT}, 10 s)
 */
public record TlsConfig(SSLContext context, Duration handshakeTimeout) {

    /** A handshake not finished after this long is closed: 10 seconds. */
    public static final Duration DEFAULT_HANDSHAKE_TIMEOUT = Duration.ofSeconds(10);

    /** The protocol versions engines may speak, newest first. */
    static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};

    /** Validates: a context, and a positive timeout. */
    public TlsConfig {
        Objects.requireNonNull(context, "context");
        Objects.requireNonNull(handshakeTimeout, "handshakeTimeout");
        if (handshakeTimeout.isNegative() || handshakeTimeout.isZero()) {
            throw new IllegalArgumentException("handshakeTimeout: " + handshakeTimeout + " (expected: > 0)");
        }
    }

    /** {@code context} with the default handshake timeout. */
    public static TlsConfig of(SSLContext context) {
        return new TlsConfig(context, DEFAULT_HANDSHAKE_TIMEOUT);
    }

    /** The same, with another handshake timeout. */
    public TlsConfig withHandshakeTimeout(Duration timeout) {
        return new TlsConfig(context, timeout);
    }

    /** A server-side engine, TLS 1.2+ only. */
    SSLEngine newServerEngine() {
        SSLEngine engine = context.createSSLEngine();
        engine.setUseClientMode(false);
        engine.setEnabledProtocols(supported(engine.getSupportedProtocols()));
        return engine;
    }

    /**
     * A server-side {@link SSLSocket} layered over {@code accepted} (a connected TCP socket in
     * blocking mode), TLS 1.2+ only; closing it closes {@code accepted}. The handshake has not
     * started: {@link TlsSockets#handshake} runs it within the timeout.
     */
    SSLSocket newServerSocket(Socket accepted) throws IOException {
        SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket(accepted, null, true);
        socket.setUseClientMode(false);
        socket.setEnabledProtocols(supported(socket.getSupportedProtocols()));
        return socket;
    }

    /**
     * A client-side engine for {@code host}, TLS 1.2+ only, verifying that the server's
     * certificate names {@code host} (HTTPS endpoint identification) — as far as the context's
     * trust manager checks anything: one that trusts every server checks no name either. For
     * clients that drive an engine themselves over a non-blocking channel.
     */
    public SSLEngine newClientEngine(String host, int port) {
        SSLEngine engine = context.createSSLEngine(host, port);
        engine.setUseClientMode(true);
        engine.setEnabledProtocols(supported(engine.getSupportedProtocols()));
        SSLParameters parameters = engine.getSSLParameters();
        parameters.setEndpointIdentificationAlgorithm("HTTPS");
        engine.setSSLParameters(parameters);
        return engine;
    }

    private static String[] supported(String[] available) {
        String[] wanted = Arrays.stream(PROTOCOLS).filter(p -> Arrays.asList(available).contains(p)).toArray(String[]::new);
        if (wanted.length == 0) {
            throw new IllegalStateException("this JDK supports none of " + Arrays.toString(PROTOCOLS));
        }
        return wanted;
    }
}
