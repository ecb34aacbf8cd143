package io.switchboard.services.files;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;

/** A bare-socket client of the files protocol for tests: every byte it sends is visible here. */
final class RawFilesClient implements Closeable {

    final Socket socket;
    final DataInputStream in;
    final OutputStream out;

    RawFilesClient(int port) throws IOException {
        this(port, true);
    }

    RawFilesClient(int port, boolean readGreeting) throws IOException {
        socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout(20_000);
        in = new DataInputStream(socket.getInputStream());
        out = socket.getOutputStream();
        if (readGreeting) {
            assertThat(line()).isEqualTo("SWITCHBOARD-FILES 1");
        }
    }

    static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** One reply line, without its LF; null at end of stream. */
    String line() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (int b; (b = in.read()) != '\n'; ) {
            if (b < 0) {
                return bytes.size() == 0 ? null : bytes.toString(StandardCharsets.UTF_8);
            }
            bytes.write(b);
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    void send(String request) throws IOException {
        out.write((request + "\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    /** Sends PUT and returns the reply ({@code READY <offset>} or an ERR line). */
    String startPut(byte[] content, String name) throws IOException {
        send("PUT " + content.length + " " + sha256(content) + " " + name);
        return line();
    }

    /** A whole upload; returns the final reply ({@code OK ...} or an ERR line). */
    String put(byte[] content, String name) throws IOException {
        String ready = startPut(content, name);
        if (!ready.startsWith("READY ")) {
            return ready;
        }
        int offset = Integer.parseInt(ready.substring(6));
        out.write(content, offset, content.length - offset);
        out.flush();
        return line();
    }

    /** A whole download from {@code offset}: the bytes after the FILE line (asserting its size and offset). */
    byte[] get(String name, long offset) throws IOException {
        send("GET " + offset + " " + name);
        String header = line();
        assertThat(header).startsWith("FILE ");
        String[] fields = header.split(" ");
        long size = Long.parseLong(fields[1]);
        assertThat(Long.parseLong(fields[3])).isEqualTo(offset);
        byte[] body = new byte[(int) (size - offset)];
        in.readFully(body);
        return body;
    }

    /** Closes with a reset, as a killed process's socket with unread data would. */
    void abort() throws IOException {
        socket.setSoLinger(true, 0);
        socket.close();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
