/**
 * TLS for the reactor: a {@link io.switchboard.reactor.Protocol} decorator that runs any stream
 * protocol inside TLS through the JDK's {@link javax.net.ssl.SSLEngine}, and the certificates it
 * needs (PEM files, or a self-signed development certificate made by the JDK's {@code keytool}).
 * For the blocking servers, {@link io.switchboard.tls.TlsSockets} layers an
 * {@link javax.net.ssl.SSLSocket} over an accepted socket with the same {@link io.switchboard.tls.TlsConfig}
 * and a handshake bounded as a whole by its timeout.
 *
 * <pre>
 *   socket ─ciphertext─▶ Connection ─dataReceived─▶ TlsConnection ─unwrap─▶ inner Protocol.dataReceived(plaintext)
 *   socket ◀─ciphertext─ Connection ◀─write──────── TlsConnection ◀─wrap─── inner transport.write(plaintext)
 * </pre>
 *
 * <p>The inner protocol sees an ordinary {@link io.switchboard.reactor.Transport}; it is told
 * {@code connectionMade} only once the handshake has finished, so a peer that never finishes it
 * (closed at the handshake timeout, 10 s by default) costs the service nothing. Buffers are bounded:
 * one packet buffer each way and one application buffer; decrypted bytes are handed on as they
 * are decrypted, and encrypted bytes go to the outer transport, whose write queue limits apply.
 *
 * <p>Depends on {@code reactor} and {@code javax.net.ssl} only; nothing in the lower layers imports
 * it ({@code server}, above, does).
 * Not guaranteed: TLS below 1.2 (refused), renegotiation initiated by this side, client certificates.
 */
package io.switchboard.tls;
