package io.switchboard.examples;

import io.switchboard.endpoint.Endpoint;
import io.switchboard.server.Dispatch;
import io.switchboard.server.ServerConfig;
import io.switchboard.server.StreamRequestHandler;
import io.switchboard.server.TcpServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * The 10086 call center of the socketserver tutorial: a {@code ThreadingTCPServer} on 8009 whose
 * handler greets, then answers each message until the caller says {@code exit}.
 */
public final class CallCenterServer {

    private CallCenterServer() {
    }

    /** The handler: {@code class MyServer(SocketServer.BaseRequestHandler)}. */
    public static final class Handler extends StreamRequestHandler {
        @Override
        public void handle() throws IOException {
            send("欢迎致电 10086,请输入1xxx,0转人工服务.");
            byte[] buffer = new byte[1024];
            int n;
            while ((n = rfile().read(buffer)) > 0) {                  // conn.recv(1024)
                String data = new String(buffer, 0, n, StandardCharsets.UTF_8).strip();
                if (data.equals("exit")) {
                    break;
                }
                send(data.equals("0") ? "通话可能会被录音." : "请重新输入.");
            }
        }

        private void send(String text) throws IOException {               // conn.sendall(...)
            write(text);
            wfile().flush();
        }
    }

    /** {@code SocketServer.ThreadingTCPServer(('127.0.0.1', 8009), MyServer)}. */
    public static TcpServer create(Endpoint endpoint) throws IOException {
        return new TcpServer(endpoint, Handler::new, ServerConfig.DEFAULTS.withDispatch(Dispatch.threads(16)));
    }

    /** {@code server.serve_forever()}. */
    public static void main(String[] args) throws IOException {
        try (TcpServer server = create(Endpoint.parse(args.length > 0 ? args[0] : "tcp://127.0.0.1:8009"))) {
            server.serveForever();
        }
    }
}
