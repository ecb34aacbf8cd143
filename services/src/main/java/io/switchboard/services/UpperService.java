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
 * The upper-case handlers of the SocketServer tutorial: every chunk (TCP) or datagram (UDP) is
 * stripped of surrounding whitespace and upper-cased, as the seed's
 * {@code self.request.recv(1024).strip().upper()} does.
 *
 * <p>Like Python 3's {@code bytes.upper()} it changes ASCII letters only; other bytes (UTF-8 text
 * included) pass through unchanged. A chunk that is only whitespace is answered with nothing, as
 * {@code sendall(b'')} sends nothing. Thread-safe.
 */
public final class UpperService implements Service {

    /** The tutorial's port. */
    public static final int PORT = 9999;

    @Override
    public String name() {
        return "upper";
    }

    @Override
    public String description() {
        return "answers every chunk or datagram stripped and upper-cased";
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

    /**
     * Strips and upper-cases {@code data} in place (the lent buffer may be changed during the
     * call); its position and limit end up around the result.
     */
    static ByteBuffer stripUpper(ByteBuffer data) {
        int start = data.position();
        int end = data.limit();
        while (start < end && isSpace(data.get(start))) {
            start++;
        }
        while (end > start && isSpace(data.get(end - 1))) {
            end--;
        }
        for (int i = start; i < end; i++) {
            byte b = data.get(i);
            if (b >= 'a' && b <= 'z') {
                data.put(i, (byte) (b - 32));
            }
        }
        return data.limit(end).position(start);
    }

    private static boolean isSpace(byte b) {
        return b == ' ' || b == '\t' || b == '\n' || b == '\r' || b == 0x0b || b == '\f';
    }

    private static final class Stream implements Protocol {
        private Transport transport;

        @Override
        public void connectionMade(Transport t) {
            transport = t;
        }

        @Override
        public void dataReceived(ByteBuffer data) {
            transport.write(stripUpper(data));
        }
    }

    private static final class Datagrams implements DatagramProtocol {
        private DatagramTransport transport;

        @Override
        public void started(DatagramTransport t) {
            transport = t;
        }

        @Override
        public void datagramReceived(ByteBuffer data, SocketAddress sender) {
            ByteBuffer reply = stripUpper(data);
            if (reply.hasRemaining()) {
                transport.send(reply, sender);
            }
        }
    }
}
