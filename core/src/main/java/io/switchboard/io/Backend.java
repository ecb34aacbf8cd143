package io.switchboard.io;

import io.switchboard.endpoint.Endpoint;
import java.io.IOException;

/**
 * A transport implementation: a kind of {@link Poller} and the sockets it can watch.
 *
 * <p>Sockets of one backend may only be registered with pollers of the same backend. Obtain one
 * with {@link Backends#named(String)} or {@link Backends#defaultBackend()}.
 *
 * <p>Thread-safety: backends are stateless factories, safe to share.
 */
public interface Backend {

    /** The name the {@code --poller} flag uses for it. */
    String name();

    /** Opens a new poller; each event loop owns one. */
    Poller openPoller() throws IOException;

    /**
     * Binds and listens on a stream endpoint (TCP or Unix stream). A Unix socket file left behind
     * by an earlier run is replaced only if nothing accepts connections on it.
     *
     * @throws java.net.BindException naming the endpoint when the address is in use or not local
     * @throws IllegalArgumentException for a datagram endpoint
     */
    ListenerSocket listen(Endpoint endpoint, ListenOptions options) throws IOException;

    /**
     * Starts a non-blocking connect to a stream endpoint. The returned socket becomes writable
     * when the connect completes; then call {@link StreamSocket#finishConnect()}.
     */
    StreamSocket connect(Endpoint endpoint) throws IOException;

    /**
     * Binds a datagram endpoint (UDP, Unix datagram).
     *
     * @throws UnsupportedOperationException if this backend has no such socket (the JDK has no
     *                                       Unix datagram sockets), naming a backend that has
     */
    DatagramSocket bindDatagram(Endpoint endpoint, ListenOptions options) throws IOException;
}
