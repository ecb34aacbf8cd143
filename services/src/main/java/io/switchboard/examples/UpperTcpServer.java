package io.switchboard.examples;

import io.switchboard.endpoint.Endpoint;
import io.switchboard.server.Dispatch;
import io.switchboard.server.ServerConfig;
import io.switchboard.server.StreamRequestHandler;
import io.switchboard.server.TcpServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * The SocketServer tutorial's TCP example: a plain {@code TCPServer} (one request at a time) whose
 * handler reads one message, prints who wrote it, and answers it upper-cased.
 */
public final class UpperTcpServer {

    private UpperTcpServer() {
    }

    /** {@code class MyHandler(SocketServer.BaseRequestHandler)}. */
    public static final class Handler extends StreamRequestHandler {
        @Override
        public void handle() throws IOException {
            byte[] buffer = new byte[1024];
            int n = rfile().read(buffer);                              // self.request.recv(1024)
            if (n <= 0) {
                return;
            }
            String data = new String(buffer, 0, n, StandardCharsets.UTF_8).strip();
            System.out.println(clientAddress() + " wrote: " + data);
            write(data.toUpperCase());                                 // self.request.sendall(...)
        }
    }

    /** {@code SocketServer.TCPServer((HOST, PORT), MyHandler)}. */
    public static TcpServer create(Endpoint endpoint) throws IOException {
        return new TcpServer(endpoint, Handler::new, ServerConfig.DEFAULTS.withDispatch(Dispatch.iterative()));
    }

    /** {@code server.serve_forever()}. */
    public static void main(String[] args) throws IOException {
        try (TcpServer server = create(Endpoint.parse(args.length > 0 ? args[0] : "tcp://127.0.0.1:9999"))) {
            server.serveForever();
        }
    }
}
