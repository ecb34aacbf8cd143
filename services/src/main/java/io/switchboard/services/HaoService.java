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
 * Seed example: the select tutorial's "pseudo-concurrent" server on 8001, which answers every
 * chunk with the same text and {@code 好} appended — several clients at once, on one thread.
 * Started by name only: {@code ./switchboard serve hao}. Thread-safe.
 */
public final class HaoService implements Service {

    private static final byte[] HAO = "好".getBytes(StandardCharsets.UTF_8);

    @Override
    public String name() {
        return "hao";
    }

    @Override
    public String description() {
        return "seed example: echoes every chunk with 好 appended";
    }

    @Override
    public List<Endpoint> defaultEndpoints(String host) {
        return List.of(new TcpEndpoint(host, 8001));
    }

    @Override
    public Optional<ProtocolFactory> streamFactory(ServiceContext context) {
        return Optional.of(remote -> new Protocol() {
            private Transport transport;

            @Override
            public void connectionMade(Transport t) {
                transport = t;
            }

            @Override
            public void dataReceived(ByteBuffer data) {
                transport.write(data);
                transport.write(HAO);
            }
        });
    }

    @Override
    public boolean startsByDefault() {
        return false;
    }
}
