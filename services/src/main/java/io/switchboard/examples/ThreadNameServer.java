package io.switchboard.examples;

import io.switchboard.endpoint.Endpoint;
import io.switchboard.server.Dispatch;
import io.switchboard.server.ServerConfig;
import io.switchboard.server.StreamRequestHandler;
import io.switchboard.server.TcpServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * The SocketServer tutorial's threading example ({@code ThreadingMixIn, TCPServer}): each request
 * runs on its own thread, and the answer names that thread: {@code "<thread name>: <data>"}.
 * Here the threads are virtual, one per request.
 */
public final class ThreadNameServer {

    private ThreadNameServer() {
    }

    /** {@code class MyHandler(SocketServer.BaseRequestHandler)}. */
    public static final class Handler extends StreamRequestHandler {
        @Override
        public void handle() throws IOException {
            byte[] buffer = new byte[1024];
            int n = rfile().read(buffer);
            String data = n > 0 ? new String(buffer, 0, n, StandardCharsets.UTF_8) : "";
            write(Thread.currentThread().getName() + ": " + data);     // '{}: {}'.format(cur_thread.name, data)
        }
    }

    /** {@code class Server(SocketServer.ThreadingMixIn, SocketServer.TCPServer)}. */
    public static TcpServer create(Endpoint endpoint) throws IOException {
        return new TcpServer(endpoint, Handler::new, ServerConfig.DEFAULTS.withDispatch(Dispatch.virtual()));
    }

    /** Serves on port 0 like the tutorial, on a background thread, and shows three clients. */
    public static void main(String[] args) throws Exception {
        try (TcpServer server = create(Endpoint.parse("tcp://127.0.0.1:0"))) {
            Thread serving = Thread.ofPlatform().daemon().start(() -> {
                try {
                    server.serveForever();
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            System.out.println("Server loop running in thread: " + serving.getName());
            int port = ((io.switchboard.endpoint.InetEndpoint) server.endpoint()).port();
            for (int i = 1; i <= 3; i++) {
                try (java.net.Socket socket = new java.net.Socket("127.0.0.1", port)) {
                    socket.getOutputStream().write(("Hello World " + i).getBytes(StandardCharsets.UTF_8));
                    socket.shutdownOutput();
                    System.out.println("Received: " + new String(socket.getInputStream().readAllBytes(),
                            StandardCharsets.UTF_8));
                }
            }
            server.shutdown();
        }
    }
}
