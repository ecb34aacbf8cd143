package io.switchboard.services;

import io.switchboard.endpoint.Endpoint;
import io.switchboard.endpoint.TcpEndpoint;
import io.switchboard.endpoint.UdpEndpoint;
import io.switchboard.reactor.DatagramProtocol;
import io.switchboard.reactor.DatagramTransport;
import io.switchboard.reactor.Protocol;
import io.switchboard.reactor.ProtocolFactory;
import io.switchboard.reactor.Transport;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Optional;

/**
 * Bytes back unchanged, over TCP and UDP, with backpressure: while the peer does not read what it
 * is sent, the service stops reading from it, so the peer's own sends stall in TCP flow control
 * instead of growing a queue here. Writes the lent read buffer straight back: no allocation per
 * message. Thread-safe.
 */
public final class EchoService implements Service {

    /** The default port. */
    public static final int PORT = 7777;

    @Override
    public String name() {
        return "echo";
    }

    @Override
    public String description() {
        return "sends every byte back unchanged";
    }

    @Override
    public List<Endpoint> defaultEndpoints(String host) {
        return List.of(new TcpEndpoint(host, PORT), new UdpEndpoint(host, PORT));
    }

    @Override
    public Optional<ProtocolFactory> streamFactory(ServiceContext context) {
        return Optional.of(remote -> new Echo());
    }

    @Override
    public Optional<DatagramProtocol> newDatagramProtocol() {
        return Optional.of(new DatagramEcho());
    }

    /** The stream echo: write back, pause reading while the write queue is over its high-water mark. */
    public static final class Echo implements Protocol {
        private Transport transport;

        @Override
        public void connectionMade(Transport t) {
            transport = t;
        }

        @Override
        public void dataReceived(ByteBuffer data) {
            transport.write(data);
            if (!transport.isWritable()) {
                transport.pauseReading();
            }
        }

        @Override
        public void writabilityChanged(boolean writable) {
            if (writable) {
                transport.resumeReading();
            }
        }
    }

    private static final class DatagramEcho implements DatagramProtocol {
        private DatagramTransport transport;

        @Override
        public void started(DatagramTransport t) {
            transport = t;
        }

        @Override
        public void datagramReceived(ByteBuffer data, SocketAddress sender) {
            transport.send(data, sender);
        }
    }
}
