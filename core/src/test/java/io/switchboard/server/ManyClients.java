package io.switchboard.server;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A load client for the tests, run in its own JVM (a process has 20 000 descriptors here; the
 * server needs its own 10 000): {@code ManyClients <port> <count>} opens every connection first,
 * then sends one line on each and checks each answer, and prints {@code OK <count>}.
 */
public final class ManyClients {

    private ManyClients() {
    }

    /** Runs the clients. */
    public static void main(String[] args) throws IOException {
        int port = Integer.parseInt(args[0]);
        int count = Integer.parseInt(args[1]);
        List<SocketChannel> channels = new ArrayList<>(count);
        try {
            for (int i = 0; i < count; i++) {
                channels.add(SocketChannel.open(new InetSocketAddress("127.0.0.1", port)));
            }
            for (int i = 0; i < count; i++) {
                channels.get(i).write(ByteBuffer.wrap(("c" + i + "\n").getBytes(StandardCharsets.UTF_8)));
            }
            for (int i = 0; i < count; i++) {
                String expected = "C" + i + "\n";
                ByteBuffer reply = ByteBuffer.allocate(expected.length());
                while (reply.hasRemaining()) {
                    if (channels.get(i).read(reply) < 0) {
                        throw new IOException("connection " + i + " closed before its answer");
                    }
                }
                String got = new String(reply.array(), StandardCharsets.UTF_8);
                if (!got.equals(expected)) {
                    throw new IOException("connection " + i + " got '" + got + "', expected '" + expected + "'");
                }
            }
            System.out.println("OK " + count);
        } finally {
            for (SocketChannel channel : channels) {
                channel.close();
            }
        }
    }
}
