package io.switchboard.io.nio;

import io.switchboard.io.Interest;
import io.switchboard.io.StreamSocket;
import java.io.EOFException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketAddress;
import java.net.SocketOption;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;

/** A {@link StreamSocket} over a non-blocking {@link SocketChannel} (TCP or Unix stream). */
final class NioStreamSocket implements StreamSocket, NioChannelSocket {

    private final SocketChannel channel;
    private final SocketAddress target;

    NioStreamSocket(SocketChannel channel, SocketAddress target) throws IOException {
        this.channel = channel;
        this.target = target;
        channel.configureBlocking(false);
    }

    @Override
    public SelectableChannel channel() {
        return channel;
    }

    @Override
    public int interestOps(Interest interest) {
        int ops = 0;
        if (interest.readable()) {
            ops |= SelectionKey.OP_READ;
        }
        if (interest.writable()) {
            ops |= channel.isConnectionPending() ? SelectionKey.OP_CONNECT : SelectionKey.OP_WRITE;
        }
        return ops;
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        return channel.read(dst);
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
        return channel.write(src);
    }

    @Override
    public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
        return channel.write(srcs, offset, length);
    }

    @Override
    public long transferFrom(FileChannel file, long position, long count) throws IOException {
        long sent = file.transferTo(position, count, channel); // sendfile(2) for a socket channel
        if (sent == 0 && count > 0 && position >= file.size()) {
            throw new EOFException("the file ended at " + file.size() + " bytes, before " + (position + count));
        }
        return sent;
    }

    @Override
    public boolean finishConnect() throws IOException {
        try {
            return channel.finishConnect();
        } catch (ConnectException e) {
            ConnectException named = new ConnectException("connect to " + target + " failed: " + e.getMessage());
            named.initCause(e);
            throw named;
        }
    }

    @Override
    public boolean isConnectPending() {
        return channel.isConnectionPending();
    }

    @Override
    public void shutdownOutput() throws IOException {
        channel.shutdownOutput();
    }

    @Override
    public SocketAddress remoteAddress() throws IOException {
        SocketAddress remote = channel.getRemoteAddress();
        return remote != null ? remote : target;
    }

    @Override
    public SocketAddress localAddress() throws IOException {
        return channel.getLocalAddress();
    }

    @Override
    public io.switchboard.io.BlockingStream blocking(java.time.Duration readTimeout) throws IOException {
        channel.configureBlocking(true);
        long millis = readTimeout.toMillis();
        if (channel.getLocalAddress() instanceof java.net.InetSocketAddress) {
            java.net.Socket adaptor = channel.socket(); // honours SO_TIMEOUT on blocking reads
            adaptor.setSoTimeout((int) Math.min(Integer.MAX_VALUE, millis));
            return new io.switchboard.io.BlockingStream(adaptor.getInputStream(), adaptor.getOutputStream(), adaptor);
        }
        java.io.InputStream in = java.nio.channels.Channels.newInputStream(channel);
        return new io.switchboard.io.BlockingStream(millis > 0 ? new TimedReads(in, channel, millis) : in,
                java.nio.channels.Channels.newOutputStream(channel));
    }

    @Override
    public <T> void setOption(SocketOption<T> option, T value) throws IOException {
        if (channel.supportedOptions().contains(option)) {
            channel.setOption(option, value);
        }
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
        return "NioStreamSocket[" + channel + "]";
    }
}
