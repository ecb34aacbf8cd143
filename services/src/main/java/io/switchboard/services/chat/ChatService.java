package io.switchboard.services.chat;

import io.switchboard.endpoint.Endpoint;
import io.switchboard.endpoint.TcpEndpoint;
import io.switchboard.reactor.ProtocolFactory;
import io.switchboard.services.Service;
import io.switchboard.services.ServiceContext;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The chat room (TCP 8008, line based, UTF-8): the tutorials' select-based chat server made into
 * one people would run. Usable from {@code nc}; {@code switchboard chat} is its client.
 *
 * <pre>
 *   $ nc 127.0.0.1 8008
 *   * Welcome to the Switchboard chat, guest-1! You are in lobby. Type /help for the commands.
 *   /nick ana
 *   * you are now known as ana
 *   * bob joined lobby
 *   &lt;bob&gt; hi ana
 * </pre>
 *
 * <p>Every line a client sends reaches every other client in its room as {@code <nick> text},
 * never echoed to the sender. Commands: {@code /nick /who /me /msg /join /help /quit}. Notices
 * start with {@code * }, refusals with {@code ! }. Lines are cleaned of escape sequences and
 * control characters, invalid UTF-8 is replaced, lines over the limit are refused; a client that
 * stops reading is disconnected once its backlog passes the limit; a client that sends more than
 * {@link ChatOptions#linesPerSecond()} is slowed (its reads paused), never dropped. On a graceful stop every
 * client gets {@code * Shutdown: ...} after every line accepted before it.
 *
 * <p>Each start of the service ({@link #streamFactory(ServiceContext)}) has its own rooms, shared by all its
 * endpoints. The rooms live in one process: the service refuses worker processes that share no state.
 */
public final class ChatService implements Service {

    /** The tutorials' chat port. */
    public static final int PORT = 8008;

    private final ChatOptions options; // null: those of the context it starts in

    /** With the limits of the context it starts in ({@link ServiceContext#options()}: {@code serve}'s flags). */
    public ChatService() {
        this.options = null;
    }

    /** With explicit limits (line, backlog, flood control), whatever the context says. */
    public ChatService(ChatOptions options) {
        this.options = Objects.requireNonNull(options, "options");
    }

    @Override
    public String name() {
        return "chat";
    }

    @Override
    public String description() {
        return "a chat room for nc and `switchboard chat`; /help lists the commands";
    }

    @Override
    public List<Endpoint> defaultEndpoints(String host) {
        return List.of(new TcpEndpoint(host, PORT));
    }

    /** A factory over a fresh set of rooms: one per start, shared by all the endpoints of that start. */
    @Override
    public Optional<ProtocolFactory> streamFactory(ServiceContext context) {
        ChatHub hub = new ChatHub(options != null ? options : context.options().chat());
        context.directory().share(ChatRooms.class, new ChatRooms(hub));
        return Optional.of(remote -> new ChatSession(hub));
    }

    @Override
    public Optional<String> refusesWorkerProcesses() {
        return Optional.of("chat keeps its rooms in one process; worker processes would split them into rooms "
                + "that cannot see each other. Use --model reactor, threads or virtual");
    }

    @Override
    public Optional<String> refusesOneAtATime() {
        return Optional.of("chat needs many clients connected at once; --model iterative serves one at a time. "
                + "Use --model reactor, threads or virtual");
    }
}
