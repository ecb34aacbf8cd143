package io.switchboard.cli;

import io.switchboard.endpoint.Endpoint;
import io.switchboard.endpoint.EndpointFormatException;
import io.switchboard.endpoint.UdpEndpoint;
import io.switchboard.endpoint.UnixDatagramEndpoint;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code switchboard connect ENDPOINT}: the interactive client of the classic examples. Each line
 * typed (or piped) is sent; whatever the server sends is printed as it arrives, including a
 * greeting sent before any input (the call center's). An empty line or end of input ends the
 * session: the client half-closes and prints what is still coming for up to {@code --linger}.
 *
 * <p>Stream endpoints (TCP, Unix) get each line with a trailing newline, as {@code nc} sends it
 * ({@code --raw}: without, as the tutorials' clients do); UDP gets each line as one datagram.
 */
@Command(name = "connect", mixinStandardHelpOptions = true,
        description = "Talk to a server: send each input line, print what comes back.")
final class ConnectCommand implements Callable<Integer> {

    @Parameters(paramLabel = "ENDPOINT", description = "tcp://host:port (or host:port), tls://host:port, udp://host:port, unix:///path")
    String endpointText;

    @Option(names = "--raw", description = "Send lines without the trailing newline (as the tutorials' clients do).")
    boolean raw;

    @Option(names = "--linger", defaultValue = "2000", paramLabel = "MS",
            description = "After the last line, how long to wait for replies (default: ${DEFAULT-VALUE} ms).")
    long lingerMillis;

    @CommandLine.Mixin
    ClientTlsOptions tlsOptions = new ClientTlsOptions();

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Endpoint endpoint;
        try {
            endpoint = Endpoint.parse(endpointText);
        } catch (EndpointFormatException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        if (endpoint instanceof UnixDatagramEndpoint) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "connect does not speak unixgram:// yet (the JDK has no Unix datagram sockets)");
        }
        ClientTlsOptions.ClientTls tls = tlsOptions.forEndpoint(endpoint, spec.commandLine());
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        BufferedReader input = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        try {
            return endpoint instanceof UdpEndpoint udp ? datagrams(udp, input, out) : stream(endpoint, tls, input, out);
        } catch (IOException e) {
            System.err.println("connect " + endpoint + " failed: " + e.getMessage());
            return 1;
        }
    }

    private int stream(Endpoint endpoint, ClientTlsOptions.ClientTls tls, BufferedReader input, PrintStream out)
            throws Exception {
        try (StreamConnection connection = StreamConnection.open(endpoint, tls)) {
            InputStream fromServer = connection.in();
            OutputStream toServer = connection.out();
            Thread printer = Thread.ofPlatform().daemon().name("connect-printer").start(() -> {
                byte[] buffer = new byte[8192];
                try {
                    int n;
                    while ((n = fromServer.read(buffer)) > 0) {
                        out.print(new String(buffer, 0, n, StandardCharsets.UTF_8));
                        out.flush();
                    }
                    System.err.println("(connection closed by the server)");
                } catch (IOException e) {
                    System.err.println("(connection lost: " + e.getMessage() + ")");
                }
            });
            String line;
            while (printer.isAlive() && (line = input.readLine()) != null && !line.isEmpty()) {
                toServer.write((raw ? line : line + "\n").getBytes(StandardCharsets.UTF_8));
                toServer.flush();
            }
            connection.shutdownOutputQuietly();
            printer.join(lingerMillis);
        }
        return 0;
    }

    private int datagrams(UdpEndpoint endpoint, BufferedReader input, PrintStream out) throws Exception {
        InetSocketAddress target = new InetSocketAddress(endpoint.host(), endpoint.port());
        try (DatagramSocket socket = new DatagramSocket()) {
            socket.connect(target); // ICMP "port unreachable" then surfaces as an error, not silence
            String line;
            while ((line = input.readLine()) != null && !line.isEmpty()) {
                byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
                socket.send(new DatagramPacket(bytes, bytes.length));
                socket.setSoTimeout((int) Math.max(1, lingerMillis));
                DatagramPacket reply = new DatagramPacket(new byte[65_535], 65_535);
                try {
                    socket.receive(reply);
                    out.println(new String(reply.getData(), 0, reply.getLength(), StandardCharsets.UTF_8));
                } catch (SocketTimeoutException e) {
                    System.err.println("(no reply within " + TimeUnit.MILLISECONDS.toMillis(lingerMillis) + " ms)");
                }
            }
        }
        return 0;
    }
}
