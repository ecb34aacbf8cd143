package io.switchboard.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;

/**
 * The plain-JDK peer: a blocking echo with a virtual thread per connection.
 * Prints {@code READY <port>}, serves until stdin closes.
 */
public final class VirtualThreadEchoServerMain {

    private VirtualThreadEchoServerMain() {
    }

    /** Runs the server. */
    public static void main(String[] args) throws IOException {
        ServerSocket server = new ServerSocket(0, 4096, InetAddress.getLoopbackAddress());
        Thread.ofPlatform().daemon().start(() -> {
            while (true) {
                try {
                    Socket socket = server.accept();
                    socket.setTcpNoDelay(true);
                    Thread.ofVirtual().start(() -> echo(socket));
                } catch (IOException e) {
                    return;
                }
            }
        });
        System.out.println("READY " + server.getLocalPort());
        System.out.flush();
        while (System.in.read() >= 0) {
            // serve until the driver closes our stdin
        }
        server.close();
    }

    private static void echo(Socket socket) {
        try (socket) {
            InputStream in = socket.getInputStream();
            OutputStream out = socket.getOutputStream();
            byte[] buffer = new byte[16 * 1024];
            int n;
            while ((n = in.read(buffer)) > 0) {
                out.write(buffer, 0, n);
            }
        } catch (IOException ignored) {
            // client gone
        }
    }
}
