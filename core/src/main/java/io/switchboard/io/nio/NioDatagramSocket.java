package io.switchboard.io.nio;

import io.switchboard.io.DatagramSocket;
import io.switchboard.io.Interest;
import java.io.IOException;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;

/** A {@link DatagramSocket} over a non-blocking {@link DatagramChannel} (UDP). */
final class NioDatagramSocket implements DatagramSocket, NioChannelSocket {

    private final DatagramChannel channel;

    NioDatagramSocket(DatagramChannel channel) throws IOException {
        this.channel = channel;
        channel.configureBlocking(false);
    }

    @Override
    public SelectableChannel channel() {
        return channel;
    }

    @Override
    public int interestOps(Interest interest) {
        return (interest.readable() ? SelectionKey.OP_READ : 0) | (interest.writable() ? SelectionKey.OP_WRITE : 0);
    }

    @Override
    public SocketAddress receive(ByteBuffer dst) throws IOException {
        return channel.receive(dst);
    }

    @Override
    public int send(ByteBuffer src, SocketAddress target) throws IOException {
        return channel.send(src, target);
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
        return "NioDatagramSocket[" + channel + "]";
    }
}
