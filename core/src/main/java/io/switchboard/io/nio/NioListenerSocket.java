package io.switchboard.io.nio;

import io.switchboard.io.Interest;
import io.switchboard.io.ListenerSocket;
import io.switchboard.io.StreamSocket;
import java.io.IOException;
import java.net.SocketAddress;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;

/** A {@link ListenerSocket} over a non-blocking {@link ServerSocketChannel}. */
final class NioListenerSocket implements ListenerSocket, NioChannelSocket {

    private final ServerSocketChannel channel;

    NioListenerSocket(ServerSocketChannel channel) throws IOException {
        this.channel = channel;
        channel.configureBlocking(false);
    }

    @Override
    public SelectableChannel channel() {
        return channel;
    }

    @Override
    public int interestOps(Interest interest) {
        return interest.readable() ? SelectionKey.OP_ACCEPT : 0;
    }

    @Override
    public StreamSocket accept() throws IOException {
        SocketChannel accepted = channel.accept();
        if (accepted == null) {
            return null;
        }
        try {
            return new NioStreamSocket(accepted, null);
        } catch (IOException e) {
            accepted.close();
            throw e;
        }
    }

    @Override
    public SocketAddress localAddress() throws IOException {
        return channel.getLocalAddress();
    }

    @Override
    public boolean isOpen() {
        return channel.isOpen();
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }

    @Override
    public String toString() {
        return "NioListenerSocket[" + channel + "]";
    }
}
