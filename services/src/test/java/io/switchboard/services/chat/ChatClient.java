package io.switchboard.services.chat;

import io.switchboard.endpoint.Endpoint;
import io.switchboard.endpoint.InetEndpoint;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.function.Predicate;

/** A test's chat client: a blocking socket, lines in and out, every read bounded by a timeout. */
public final class ChatClient implements AutoCloseable {

    private final Socket socket;
    private final BufferedReader in;
    private final OutputStream out;

    ChatClient(Endpoint endpoint) throws IOException {
        InetEndpoint inet = (InetEndpoint) endpoint;
        socket = new Socket(inet.host(), inet.port());
        socket.setSoTimeout(20_000);
        socket.setTcpNoDelay(true);
        in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
        out = socket.getOutputStream();
    }

    /** Connects, reads the welcome, takes {@code nick} and waits for the confirmation. */
    public static ChatClient named(Endpoint endpoint, String nick) throws IOException {
        ChatClient client = new ChatClient(endpoint);
        client.expect(line -> line.startsWith("* Welcome"));
        client.send("/nick " + nick);
        client.expect(line -> line.equals("* you are now known as " + nick));
        return client;
    }

    public void send(String line) throws IOException {
        sendRaw((line + "\n").getBytes(StandardCharsets.UTF_8));
    }

    void sendRaw(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /** The next line, or null at end of stream. */
    public String read() throws IOException {
        return in.readLine();
    }

    /** Reads until a line matches and returns it; fails at end of stream. */
    public String expect(Predicate<String> wanted) throws IOException {
        String line;
        while ((line = in.readLine()) != null) {
            if (wanted.test(line)) {
                return line;
            }
        }
        throw new IOException("end of stream before the expected line");
    }

    Socket socket() {
        return socket;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
