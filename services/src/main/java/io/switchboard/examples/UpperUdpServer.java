package io.switchboard.examples;

import io.switchboard.endpoint.Endpoint;
import io.switchboard.server.DatagramRequestHandler;
import io.switchboard.server.Dispatch;
import io.switchboard.server.ServerConfig;
import io.switchboard.server.UdpServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * The SocketServer tutorial's UDP example: a {@code UDPServer} whose handler answers each datagram
 * stripped and upper-cased, straight back to its sender.
 */
public final class UpperUdpServer {

    private UpperUdpServer() {
    }

    /** {@code class MyHandler(SocketServer.BaseRequestHandler)} for datagrams. */
    public static final class Handler extends DatagramRequestHandler {
        @Override
        public void handle() throws IOException {
            String data = new String(data(), StandardCharsets.UTF_8).strip();   // self.request[0].strip()
            System.out.println(clientAddress() + " wrote: " + data);
            reply(data.toUpperCase().getBytes(StandardCharsets.UTF_8));          // socket.sendto(..., client)
        }
    }

    /** {@code SocketServer.UDPServer((HOST, PORT), MyHandler)}. */
    public static UdpServer create(Endpoint endpoint) throws IOException {
        return new UdpServer(endpoint, Handler::new, ServerConfig.DEFAULTS.withDispatch(Dispatch.iterative()));
    }

    /** {@code server.serve_forever()}. */
    public static void main(String[] args) throws IOException {
        try (UdpServer server = create(Endpoint.parse(args.length > 0 ? args[0] : "udp://127.0.0.1:9999"))) {
            server.serveForever();
        }
    }
}
