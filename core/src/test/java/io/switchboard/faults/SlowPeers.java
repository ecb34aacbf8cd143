package io.switchboard.faults;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Many hostile connections held by one thread: they connect from one local address, write what a
 * fault test tells them to (a partial line, a byte at a time) and never finish. A selector thread
 * notices when the server closes each one (end of stream or reset) and records when.
 */
public final class SlowPeers implements AutoCloseable {

    private final List<Peer> peers = new ArrayList<>();
    private final Selector selector;
    private final Thread watcher;
    private final AtomicInteger closedByServer = new AtomicInteger();
    private final AtomicLong bytesReceived = new AtomicLong();
    private volatile boolean stopping;

    private static final class Peer {
        final SocketChannel channel;
        final long connectedAt = System.nanoTime();
        volatile long closedAt; // nanoTime when the server closed it; 0 while open
        long firstByteAt;

        Peer(SocketChannel channel) {
            this.channel = channel;
        }
    }

    private SlowPeers() throws IOException {
        this.selector = Selector.open();
        this.watcher = Thread.ofPlatform().daemon().name("slow-peers").unstarted(this::watch);
    }

    /** Opens {@code count} connections from {@code fromAddress} (e.g. 127.0.0.2) to {@code server}. */
    public static SlowPeers open(InetSocketAddress server, String fromAddress, int count) throws IOException {
        SlowPeers slow = new SlowPeers();
        try {
            InetAddress from = InetAddress.getByName(fromAddress);
            for (int i = 0; i < count; i++) {
                SocketChannel channel = SocketChannel.open();
                channel.bind(new InetSocketAddress(from, 0));
                channel.connect(server); // blocking: the listener's backlog admits it at once
                channel.configureBlocking(false);
                Peer peer = new Peer(channel);
                slow.peers.add(peer);
                channel.register(slow.selector, SelectionKey.OP_READ, peer);
            }
        } catch (IOException | RuntimeException e) {
            slow.close();
            throw e;
        }
        slow.watcher.start();
        return slow;
    }

    private void watch() {
        ByteBuffer sink = ByteBuffer.allocate(4096);
        try {
            while (!stopping) {
                selector.select(100);
                for (SelectionKey key : selector.selectedKeys()) {
                    Peer peer = (Peer) key.attachment();
                    int n;
                    try {
                        sink.clear();
                        n = peer.channel.read(sink);
                    } catch (IOException reset) {
                        n = -1;
                    }
                    if (n > 0) {
                        bytesReceived.addAndGet(n);
                    }
                    if (n < 0) {
                        key.cancel();
                        peer.closedAt = System.nanoTime();
                        closedByServer.incrementAndGet();
                    }
                }
                selector.selectedKeys().clear();
            }
        } catch (IOException | RuntimeException e) {
            // closed under us: the test is over
        }
    }

    /**
     * Writes {@code bytes} on every peer the server has not closed yet; a peer whose write fails
     * is left to the watcher, which sees the same close. Records the time of each peer's first byte.
     */
    public void sendToOpenPeers(byte[] bytes) {
        long now = System.nanoTime();
        for (Peer peer : peers) {
            if (peer.closedAt != 0) {
                continue;
            }
            try {
                peer.channel.write(ByteBuffer.wrap(bytes));
                if (peer.firstByteAt == 0) {
                    peer.firstByteAt = now;
                }
            } catch (IOException ignored) {
                // the server closed it; the watcher records when
            }
        }
    }

    /** Bytes the server sent to all peers together. */
    public long bytesReceived() {
        return bytesReceived.get();
    }

    /** Peers the server has closed. */
    public int closedByServer() {
        return closedByServer.get();
    }

    public int count() {
        return peers.size();
    }

    /** The shortest and the longest time from a peer's first byte to the server's close, in ms. */
    public long[] firstByteToCloseMillis() {
        return spread(true);
    }

    /** The shortest and the longest time from a peer's connect to the server's close, in ms. */
    public long[] connectToCloseMillis() {
        return spread(false);
    }

    private long[] spread(boolean fromFirstByte) {
        long min = Long.MAX_VALUE;
        long max = 0;
        for (Peer peer : peers) {
            long from = fromFirstByte ? peer.firstByteAt : peer.connectedAt;
            if (peer.closedAt != 0 && from != 0) {
                long ms = (peer.closedAt - from) / 1_000_000;
                min = Math.min(min, ms);
                max = Math.max(max, ms);
            }
        }
        return new long[] {min, max};
    }

    @Override
    public void close() {
        stopping = true;
        try {
            watcher.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (Peer peer : peers) {
            try {
                peer.channel.close();
            } catch (IOException ignored) {
                // closing
            }
        }
        try {
            selector.close();
        } catch (IOException ignored) {
            // closing
        }
    }
}
