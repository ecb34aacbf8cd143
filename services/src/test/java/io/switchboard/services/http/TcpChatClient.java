package io.switchboard.services.http;

import io.switchboard.endpoint.Endpoint;
import io.switchboard.endpoint.InetEndpoint;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.function.Predicate;

/** A test's plain TCP chat client ({@code nc}'s part): lines in and out, every read bounded by a timeout. */
final class TcpChatClient implements AutoCloseable {

    private final Socket socket;
    private final BufferedReader in;
    private final OutputStream out;

    private TcpChatClient(Endpoint endpoint) throws IOException {
        InetEndpoint inet = (InetEndpoint) endpoint;
        socket = new Socket(inet.host(), inet.port());
        socket.setSoTimeout(20_000);
        in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
        out = socket.getOutputStream();
    }

    /** Connects, reads the welcome, takes {@code nick} and waits for the confirmation. */
    static TcpChatClient named(Endpoint endpoint, String nick) throws IOException {
        TcpChatClient client = new TcpChatClient(endpoint);
        client.expect(line -> line.startsWith("* Welcome"));
        client.send("/nick " + nick);
        client.expect(line -> line.equals("* you are now known as " + nick));
        return client;
    }

    void send(String line) throws IOException {
        out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    /** Reads until a line matches and returns it; fails at end of stream. */
    String expect(Predicate<String> wanted) throws IOException {
        String line;
        while ((line = in.readLine()) != null) {
            if (wanted.test(line)) {
                return line;
            }
        }
        throw new IOException("end of stream before the expected line");
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
