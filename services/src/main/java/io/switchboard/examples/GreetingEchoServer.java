package io.switchboard.examples;

import io.switchboard.endpoint.Endpoint;
import io.switchboard.endpoint.InetEndpoint;
import io.switchboard.server.Dispatch;
import io.switchboard.server.ServerConfig;
import io.switchboard.server.StreamRequestHandler;
import io.switchboard.server.TcpServer;
import io.switchboard.services.Ctime;
import java.io.IOException;

/**
 * The SocketServer tutorial's {@code StreamRequestHandler} server: greets each connection with
 * {@code connection <host>:<port> at <ctime> succeed!} through {@code wfile}, then echoes every
 * chunk until the client leaves. A {@code ThreadingTCPServer}.
 */
public final class GreetingEchoServer {

    private GreetingEchoServer() {
    }

    /** {@code class Servers(SRH)}. */
    public static final class Handler extends StreamRequestHandler {
        @Override
        public void handle() throws IOException {
            InetEndpoint local = (InetEndpoint) server().endpoint();
            write("connection " + local.host() + ":" + local.port() + " at " + Ctime.system().now() + " succeed!");
            wfile().flush();                                            // self.wfile.write(...)
            byte[] buffer = new byte[1024];
            int n;
            while ((n = rfile().read(buffer)) > 0) {                    // data = self.request.recv(1024)
                System.out.println("RECV from " + clientAddress());
                wfile().write(buffer, 0, n);                            // self.request.send(data)
                wfile().flush();
            }
        }
    }

    /** {@code SocketServer.ThreadingTCPServer(addr, Servers)}. */
    public static TcpServer create(Endpoint endpoint) throws IOException {
        return new TcpServer(endpoint, Handler::new, ServerConfig.DEFAULTS.withDispatch(Dispatch.threads(16)));
    }

    /** {@code server.serve_forever()}. */
    public static void main(String[] args) throws IOException {
        try (TcpServer server = create(Endpoint.parse(args.length > 0 ? args[0] : "tcp://127.0.0.1:9999"))) {
            System.out.println("server is running....");
            server.serveForever();
        }
    }
}
