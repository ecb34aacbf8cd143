package io.switchboard.services;

import io.switchboard.endpoint.Endpoint;
import io.switchboard.endpoint.TcpEndpoint;
import io.switchboard.reactor.Protocol;
import io.switchboard.reactor.ProtocolFactory;
import io.switchboard.reactor.Transport;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * Seed example: the select tutorial's first server, which listens on 8001, 8002 and 8003 at once,
 * greets every connection with {@code hello} and hangs up. One protocol, three endpoints: the
 * reactor watches all three listening sockets, as {@code select.select([sk1, sk2, sk3], ...)} did.
 * Started by name only: {@code ./switchboard serve hello}. Thread-safe.
 */
public final class HelloService implements Service {

    @Override
    public String name() {
        return "hello";
    }

    @Override
    public String description() {
        return "seed example: says hello and hangs up (select on three ports)";
    }

    @Override
    public List<Endpoint> defaultEndpoints(String host) {
        return List.of(new TcpEndpoint(host, 8001), new TcpEndpoint(host, 8002), new TcpEndpoint(host, 8003));
    }

    @Override
    public Optional<ProtocolFactory> streamFactory(ServiceContext context) {
        return Optional.of(remote -> new Protocol() {
            @Override
            public void connectionMade(Transport transport) {
                transport.write("hello".getBytes(StandardCharsets.UTF_8));
                transport.loseConnection();
            }

            @Override
            public void dataReceived(ByteBuffer data) {
            }
        });
    }

    @Override
    public boolean startsByDefault() {
        return false;
    }
}
