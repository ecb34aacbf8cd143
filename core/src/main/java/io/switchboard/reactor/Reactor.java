package io.switchboard.reactor;

import io.switchboard.endpoint.Endpoint;
import io.switchboard.io.Backend;
import io.switchboard.metrics.TrafficStats;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** STUB: replaced by the implementation. */
public final class Reactor implements AutoCloseable {
    public static Reactor create() { throw new UnsupportedOperationException(); }
    public static Builder builder() { throw new UnsupportedOperationException(); }
    public Listener listen(Endpoint endpoint, ProtocolFactory factory) throws IOException { throw new UnsupportedOperationException(); }
    public Listener listen(Endpoint endpoint, ProtocolFactory factory, TrafficStats stats) throws IOException { throw new UnsupportedOperationException(); }
    public DatagramTransport bindDatagram(Endpoint endpoint, DatagramProtocol protocol) throws IOException { throw new UnsupportedOperationException(); }
    public DatagramTransport bindDatagram(Endpoint endpoint, DatagramProtocol protocol, TrafficStats stats) throws IOException { throw new UnsupportedOperationException(); }
    public CompletableFuture<Transport> connect(Endpoint endpoint, Protocol protocol) { throw new UnsupportedOperationException(); }
    public Timer schedule(Duration delay, Runnable task) { throw new UnsupportedOperationException(); }
    public Timer every(Duration period, Runnable task) { throw new UnsupportedOperationException(); }
    public EventLoop nextLoop() { throw new UnsupportedOperationException(); }
    public List<EventLoop> loops() { throw new UnsupportedOperationException(); }
    public Backend backend() { throw new UnsupportedOperationException(); }
    public boolean shutdown(Duration grace) { throw new UnsupportedOperationException(); }
    @Override public void close() { throw new UnsupportedOperationException(); }
    /** STUB. */
    public static final class Builder {
        public Builder loops(int n) { return this; }
        public Builder backend(Backend backend) { return this; }
        public Builder transportConfig(TransportConfig config) { return this; }
        public Builder name(String name) { return this; }
        public Reactor build() { throw new UnsupportedOperationException(); }
    }
}
