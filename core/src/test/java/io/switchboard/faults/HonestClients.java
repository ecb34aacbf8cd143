package io.switchboard.faults;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Well-behaved clients that keep a server busy while a fault test attacks it: each thread connects
 * from {@code 127.0.0.1} and makes round trips one at a time on its connection — by default a
 * numbered line to a line echo, checked to come back exactly. Any difference, error or a reply
 * slower than the socket timeout is recorded as a failure — what a fault test asserts never
 * happens to them.
 */
public final class HonestClients implements AutoCloseable {

    /** One checked round trip on a client's connection; throws when the answer is wrong. */
    @FunctionalInterface
    public interface RoundTrip {
        /** Round trip number {@code n} of client {@code client}. */
        void run(Socket socket, int client, long n) throws IOException;
    }

    private final InetSocketAddress server;
    private final RoundTrip roundTrip;
    private final List<Thread> threads = new ArrayList<>();
    private final AtomicLong roundTrips = new AtomicLong();
    private final AtomicLong slowestNanos = new AtomicLong();
    private final ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
    private volatile boolean stopping;

    private HonestClients(InetSocketAddress server, RoundTrip roundTrip) {
        this.server = server;
        this.roundTrip = roundTrip;
    }

    /** Starts {@code count} client threads sending numbered lines to a line echo at {@code server}. */
    public static HonestClients start(InetSocketAddress server, int count) {
        return start(server, count, HonestClients::echoLine);
    }

    /** Starts {@code count} client threads making {@code roundTrip}s against {@code server}. */
    public static HonestClients start(InetSocketAddress server, int count, RoundTrip roundTrip) {
        HonestClients clients = new HonestClients(server, roundTrip);
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
            for (long n = 0; !stopping; n++) {
                long start = System.nanoTime();
                roundTrip.run(socket, id, n);
                slowestNanos.accumulateAndGet(System.nanoTime() - start, Math::max);
                roundTrips.incrementAndGet();
            }
        } catch (IOException | RuntimeException | AssertionError e) {
            if (!stopping) {
                failures.add("client " + id + ": " + e);
            }
        }
    }

    /** A numbered line to a line echo; it must come back exactly (read byte by byte: nothing is buffered across trips). */
    private static void echoLine(Socket socket, int client, long n) throws IOException {
        String line = "honest " + client + " line " + n;
        socket.getOutputStream().write((line + "\n").getBytes(StandardCharsets.US_ASCII));
        String reply = readLine(socket.getInputStream());
        if (!line.equals(reply)) {
            throw new IOException("sent '" + line + "' and got '" + reply + "'");
        }
    }

    /** One line without its LF, or what arrived before the end of the stream. */
    public static String readLine(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) {
                return line.isEmpty() ? null : line.toString();
            }
            line.append((char) b);
        }
        return line.toString();
    }

    /** Round trips completed so far by all clients, each checked. */
    public long roundTrips() {
        return roundTrips.get();
    }

    /** The slowest round trip so far, in milliseconds. */
    public long slowestMillis() {
        return slowestNanos.get() / 1_000_000;
    }

    /** What went wrong, one entry per failed client; empty when every reply was exact and on time. */
    public List<String> failures() {
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
