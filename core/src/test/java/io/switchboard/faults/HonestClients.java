package io.switchboard.faults;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Well-behaved clients that keep a line echo busy while a fault test attacks the same server:
 * each thread connects from {@code 127.0.0.1}, sends numbered lines one at a time and checks that
 * each comes back exactly. Any difference, error or a reply slower than the socket timeout is
 * recorded as a failure — what a fault test asserts never happens to them.
 */
final class HonestClients implements AutoCloseable {

    private final InetSocketAddress server;
    private final List<Thread> threads = new ArrayList<>();
    private final AtomicLong roundTrips = new AtomicLong();
    private final AtomicLong slowestNanos = new AtomicLong();
    private final ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
    private volatile boolean stopping;

    private HonestClients(InetSocketAddress server) {
        this.server = server;
    }

    /** Starts {@code count} client threads against {@code server}. */
    static HonestClients start(InetSocketAddress server, int count) {
        HonestClients clients = new HonestClients(server);
        for (int i = 0; i < count; i++) {
            int id = i;
            Thread thread = Thread.ofPlatform().daemon().name("honest-" + i).start(() -> clients.run(id));
            clients.threads.add(thread);
        }
        return clients;
    }

    private void run(int id) {
        try (Socket socket = new Socket()) {
            socket.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0));
            socket.connect(server, 10_000);
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
            for (long n = 0; !stopping; n++) {
                String line = "honest " + id + " line " + n;
                long start = System.nanoTime();
                out.write((line + "\n").getBytes(StandardCharsets.US_ASCII));
                String reply = in.readLine();
                long took = System.nanoTime() - start;
                slowestNanos.accumulateAndGet(took, Math::max);
                if (!line.equals(reply)) {
                    failures.add("client " + id + " sent '" + line + "' and got '" + reply + "'");
                    return;
                }
                roundTrips.incrementAndGet();
            }
        } catch (IOException e) {
            if (!stopping) {
                failures.add("client " + id + ": " + e);
            }
        }
    }

    /** Round trips completed so far by all clients, each checked. */
    long roundTrips() {
        return roundTrips.get();
    }

    /** The slowest round trip so far, in milliseconds. */
    long slowestMillis() {
        return slowestNanos.get() / 1_000_000;
    }

    /** What went wrong, one entry per failed client; empty when every reply was exact and on time. */
    List<String> failures() {
        return List.copyOf(failures);
    }

    /** Stops the clients after their current round trip and waits for them. */
    @Override
    public void close() throws InterruptedException {
        stopping = true;
        for (Thread thread : threads) {
            thread.join(15_000);
        }
    }
}
