package io.switchboard.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

/**
 * Echo ping-pong: each connection sends a message of {@code size} bytes, waits for exactly those
 * bytes back (checked), and repeats, on its own thread, until told to stop.
 */
final class PingPong implements AutoCloseable {

    private final List<Socket> sockets = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();
    private final LongAdder roundTrips = new LongAdder();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private volatile Throwable failure;

    PingPong(int port, int connections, int size) throws IOException {
        CountDownLatch started = new CountDownLatch(connections);
        for (int c = 0; c < connections; c++) {
            Socket socket = new Socket("127.0.0.1", port);
            socket.setTcpNoDelay(true);
            socket.setSoTimeout(10_000);
            sockets.add(socket);
            byte[] message = new byte[size];
            for (int i = 0; i < size; i++) {
                message[i] = (byte) (c + i);
            }
            threads.add(Thread.ofPlatform().daemon().name("ping-" + c).start(() -> {
                started.countDown();
                run(socket, message);
            }));
        }
        try {
            started.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void run(Socket socket, byte[] message) {
        byte[] back = new byte[message.length];
        try {
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            while (running.get()) {
                out.write(message);
                int got = 0;
                while (got < back.length) {
                    int n = in.read(back, got, back.length - got);
                    if (n < 0) {
                        throw new IOException("server closed the connection");
                    }
                    got += n;
                }
                if (!java.util.Arrays.equals(back, message)) {
                    throw new IOException("echo returned different bytes");
                }
                roundTrips.increment();
            }
        } catch (IOException e) {
            if (running.get()) {
                failure = e;
            }
        }
    }

    long roundTrips() {
        return roundTrips.sum();
    }

    void check() throws IOException {
        if (failure != null) {
            throw new IOException("ping-pong failed: " + failure, failure);
        }
    }

    @Override
    public void close() throws IOException {
        running.set(false);
        for (Socket socket : sockets) {
            socket.close();
        }
        for (Thread thread : threads) {
            try {
                thread.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
