package io.switchboard.services;

import io.switchboard.endpoint.Endpoint;
import io.switchboard.endpoint.TcpEndpoint;
import io.switchboard.reactor.Protocol;
import io.switchboard.reactor.ProtocolFactory;
import io.switchboard.reactor.Transport;
import java.nio.ByteBuffer;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * The 10086 call-center menu of the socketserver tutorial ({@code ThreadingTCPServer} on 8009):
 * a welcome on connect; {@code 0} → a notice that the call may be recorded; {@code exit} → the
 * server hangs up; anything else → "please enter again". UTF-8.
 *
 * <p>Input arrives as chunks, with or without a newline: the seed's client sends {@code 0} with
 * none and waits for the answer, {@code nc} sends {@code 0\n}. Each chunk is split on newlines and
 * every non-empty, trimmed piece is one input, the last one too even without its newline. (A piece
 * split across two reads by the network would count as two inputs; interactive clients send a
 * line in one write.) The seed answers {@code 通过可能会被录音}; the intended word is 通话. Thread-safe.
 */
public final class CallCenterService implements Service {

    /** The tutorial's port. */
    public static final int PORT = 8009;
    /** The greeting, containing 10086. */
    public static final String WELCOME = "欢迎致电 10086,请输入1xxx,0转人工服务.";
    /** The answer to {@code 0}. */
    public static final String RECORDING = "通话可能会被录音.";
    /** The answer to anything else. */
    public static final String AGAIN = "请重新输入.";

    @Override
    public String name() {
        return "callcenter";
    }

    @Override
    public String description() {
        return "the 10086 menu: 0 for an operator, exit to hang up";
    }

    @Override
    public List<Endpoint> defaultEndpoints(String host) {
        return List.of(new TcpEndpoint(host, PORT));
    }

    @Override
    public Optional<ProtocolFactory> streamFactory(ServiceContext context) {
        return Optional.of(remote -> new Menu());
    }

    private static final class Menu implements Protocol {
        private Transport transport;

        @Override
        public void connectionMade(Transport t) {
            transport = t;
            t.write(WELCOME.getBytes(StandardCharsets.UTF_8));
        }

        @Override
        public void dataReceived(ByteBuffer data) {
            String chunk;
            try {
                chunk = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPLACE)
                        .onUnmappableCharacter(CodingErrorAction.REPLACE).decode(data).toString();
            } catch (java.nio.charset.CharacterCodingException impossible) {
                return; // REPLACE never throws
            }
            for (String piece : chunk.split("\n", -1)) {
                String input = piece.strip();
                if (input.isEmpty()) {
                    continue;
                }
                if (input.equals("exit")) {
                    transport.loseConnection();
                    return;
                }
                transport.write((input.equals("0") ? RECORDING : AGAIN).getBytes(StandardCharsets.UTF_8));
            }
        }
    }
}
