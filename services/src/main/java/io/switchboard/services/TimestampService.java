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
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * The timestamp server of the tutorials ({@code t_server.py}, Core Python Programming ch. 16):
 * every chunk a client sends (TCP) or every datagram (UDP) comes back as {@code [<ctime>] <data>}.
 *
 * <p>Chunks, not lines: the classic clients send {@code hi} with no newline and block in
 * {@code recv(1024)}, so each read is answered at once, as the Python server's
 * {@code recv}/{@code send} loop does. Thread-safe.
 */
public final class TimestampService implements Service {

    /** The tutorials' port. */
    public static final int PORT = 21567;

    private final Ctime ctime;

    /** A timestamp service on the system clock. */
    public TimestampService() {
        this(Ctime.system());
    }

    /** A timestamp service on the given clock (tests pin the time). */
    public TimestampService(Ctime ctime) {
        this.ctime = ctime;
    }

    @Override
    public String name() {
        return "timestamp";
    }

    @Override
    public String description() {
        return "answers every chunk or datagram with [<ctime>] <data>";
    }

    @Override
    public List<Endpoint> defaultEndpoints(String host) {
        return List.of(new TcpEndpoint(host, PORT), new UdpEndpoint(host, PORT));
    }

    @Override
    public Optional<ProtocolFactory> streamFactory(ServiceContext context) {
        return Optional.of(remote -> new Stream());
    }

    @Override
    public Optional<DatagramProtocol> newDatagramProtocol() {
        return Optional.of(new Datagrams());
    }

    /** {@code [<ctime>] <data>} as one buffer. */
    ByteBuffer stamp(ByteBuffer data) {
        byte[] prefix = ("[" + ctime.now() + "] ").getBytes(StandardCharsets.US_ASCII);
        ByteBuffer reply = ByteBuffer.allocate(prefix.length + data.remaining());
        return reply.put(prefix).put(data).flip();
    }

    private final class Stream implements Protocol {
        private Transport transport;

        @Override
        public void connectionMade(Transport t) {
            transport = t;
        }

        @Override
        public void dataReceived(ByteBuffer data) {
            transport.write(stamp(data));
        }
    }

    private final class Datagrams implements DatagramProtocol {
        private DatagramTransport transport;

        @Override
        public void started(DatagramTransport t) {
            transport = t;
        }

        @Override
        public void datagramReceived(ByteBuffer data, SocketAddress sender) {
            transport.send(stamp(data), sender);
        }
    }
}
