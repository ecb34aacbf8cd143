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
 * Seed example: the epoll tutorial's server on 6767, which acknowledges every chunk with
 * {@code 我已经收到你的数据了!} ("I have received your data!") and a newline. Run it with
 * {@code --poller epoll} or {@code epoll-et} to see the tutorial's point about level and edge
 * triggering made by the same code. Started by name only. Thread-safe.
 */
public final class AckService implements Service {

    private static final byte[] ACK = "我已经收到你的数据了!\n".getBytes(StandardCharsets.UTF_8);

    @Override
    public String name() {
        return "ack";
    }

    @Override
    public String description() {
        return "seed example: acknowledges every chunk (the epoll tutorial)";
    }

    @Override
    public List<Endpoint> defaultEndpoints(String host) {
        return List.of(new TcpEndpoint(host, 6767));
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
                transport.write(ACK);
            }
        });
    }

    @Override
    public boolean startsByDefault() {
        return false;
    }
}
