package io.switchboard.examples;

import io.switchboard.endpoint.Endpoint;
import io.switchboard.server.Dispatch;
import io.switchboard.server.ServerConfig;
import io.switchboard.server.StreamRequestHandler;
import io.switchboard.server.TcpServer;
import io.switchboard.services.Ctime;
import java.io.IOException;

/**
 * Core Python Programming's SocketServer timestamp server: a {@code StreamRequestHandler} that
 * reads whole lines ({@code self.rfile.readline()}) and writes each back as
 * {@code [<ctime>] <line>} ({@code self.wfile.write(...)}).
 */
public final class TimestampLineServer {

    private TimestampLineServer() {
    }

    /** {@code class MyRequestHandler(SRH)}. */
    public static final class Handler extends StreamRequestHandler {
        @Override
        public void handle() throws IOException {
            System.out.println("...connected from: " + clientAddress());
            String line;
            while ((line = readLine()) != null) {
                write("[" + Ctime.system().now() + "] " + line + "\n");
                wfile().flush();
            }
        }
    }

    /** {@code TCP((HOST, PORT), MyRequestHandler)}. */
    public static TcpServer create(Endpoint endpoint) throws IOException {
        return new TcpServer(endpoint, Handler::new, ServerConfig.DEFAULTS.withDispatch(Dispatch.iterative()));
    }

    /** {@code tcpServ.serve_forever()}. */
    public static void main(String[] args) throws IOException {
        try (TcpServer server = create(Endpoint.parse(args.length > 0 ? args[0] : "tcp://127.0.0.1:21567"))) {
            System.out.println("waiting for connection...");
            server.serveForever();
        }
    }
}
