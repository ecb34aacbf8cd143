package io.switchboard.tls;

import io.switchboard.reactor.Protocol;
import io.switchboard.reactor.ProtocolFactory;
import java.util.Objects;

/**
 * Runs stream protocols inside TLS on the reactor: wraps a {@link ProtocolFactory} (server side)
 * or a {@link Protocol} (client side) so that the socket carries TLS records and the protocol
 * sees plaintext, through the JDK's {@link javax.net.ssl.SSLEngine}.
 *
 * <pre>{@code
 * TlsConfig tls = TlsConfig.of(TlsContexts.fromPem(certPem, keyPem));
 * reactor.listen(Endpoint.parse("tcp://127.0.0.1:7443"), TlsProtocols.server(tls, address -> new Echo()));
 * }</pre>
 *
 * <p>The inner protocol is told {@code connectionMade} once the handshake has finished; a peer
 * that has not finished it within {@link TlsConfig#handshakeTimeout()} is logged and closed, and
 * one that sends something other than TLS gets an alert and is closed; neither reaches the inner
 * protocol, and neither affects other connections. {@code loseConnection} sends close_notify after
 * everything queued; the peer's close_notify (or end of stream) reaches the inner protocol as
 * {@code readEnded}. {@code sendFile} reads the file in 16 KiB records on the event loop as the
 * connection becomes writable (no zero-copy: the bytes must be encrypted).
 *
 * <p>Thread-safety: stateless; the factories it returns are safe from any loop.
 */
public final class TlsProtocols {

    private TlsProtocols() {
    }

    /** A factory whose protocols are {@code inner}'s, run inside TLS as the server. Refusals ({@code null}) pass through. */
    public static ProtocolFactory server(TlsConfig config, ProtocolFactory inner) {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(inner, "inner");
        return remoteAddress -> {
            Protocol protocol = inner.buildProtocol(remoteAddress);
            return protocol == null ? null
                    : new TlsConnection(config.newServerEngine(), protocol, config.handshakeTimeout());
        };
    }

    /**
     * {@code inner} run inside TLS as the client of {@code host}: the server's certificate must be
     * trusted by {@code config}'s context and name {@code host}.
     */
    public static Protocol client(TlsConfig config, String host, int port, Protocol inner) {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(inner, "inner");
        return new TlsConnection(config.newClientEngine(host, port), inner, config.handshakeTimeout());
    }
}
