package io.switchboard.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;

/**
 * K connections that are opened and then say nothing: the load the tutorials say select and poll
 * pay for on every call. Closed with SO_LINGER 0 so repeated runs leave no TIME_WAIT behind to
 * exhaust the ephemeral ports.
 */
final class IdleConnections implements AutoCloseable {

    private final List<SocketChannel> channels = new ArrayList<>();

    IdleConnections(int port, int count) throws IOException {
        InetSocketAddress server = new InetSocketAddress("127.0.0.1", port);
        for (int i = 0; i < count; i++) {
            SocketChannel channel = SocketChannel.open();
            channel.setOption(StandardSocketOptions.SO_LINGER, 0);
            channel.connect(server);
            channels.add(channel);
        }
    }

    int size() {
        return channels.size();
    }

    @Override
    public void close() throws IOException {
        for (SocketChannel channel : channels) {
            channel.close();
        }
    }
}
