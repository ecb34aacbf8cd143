package io.switchboard.services.chat;

import io.switchboard.reactor.CloseReason;
import io.switchboard.reactor.Protocol;
import io.switchboard.reactor.Transport;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One chat client's connection: cuts its bytes into lines, cleans each, parses it as a message or
 * command, and asks the {@link ChatHub} to act. Lines over the limit are refused with a message;
 * the client stays connected.
 *
 * <p>Thread-safety: the protocol callbacks run on the connection's loop (or thread) one at a time;
 * {@link #nick}, {@link #room} and the sending methods are read and called from other clients'
 * threads too, so the fields they use are volatile.
 */
final class ChatSession implements Protocol, LineSplitter.Lines {

    static final String SHUTDOWN = "* Shutdown: the server is stopping. Goodbye.";
    private static final ByteBuffer HELP = ChatHub.line(String.join("\n",
            "* commands:",
            "*   /nick NAME       change your name",
            "*   /who             who is in this room",
            "*   /me ACTION       an action: * ana waves",
            "*   /msg NICK TEXT   a private message",
            "*   /join ROOM       move to another room (everyone starts in lobby)",
            "*   /quit            leave",
            "*   //TEXT           send a line that starts with /"));

    private final ChatHub hub;
    private final LineSplitter splitter;
    private final AtomicBoolean dropped = new AtomicBoolean();
    private volatile Transport transport;
    private volatile String nick;
    private volatile Room room;
    private volatile boolean gone;

    ChatSession(ChatHub hub) {
        this.hub = hub;
        this.splitter = new LineSplitter(hub.options().maxLineBytes());
    }

    // ---- protocol ---------------------------------------------------------------------------

    @Override
    public void connectionMade(Transport t) {
        transport = t;
        hub.arrive(this);
    }

    @Override
    public void dataReceived(ByteBuffer data) {
        if (hub.stopping() || gone) {
            data.position(data.limit()); // closing: nothing more is accepted
            return;
        }
        splitter.feed(data, this);
    }

    @Override
    public void line(ByteBuffer line) {
        if (hub.stopping() || gone) {
            return;
        }
        switch (ChatInput.parse(ChatText.clean(line))) {
            case ChatInput.Say say -> hub.say(this, say.text());
            case ChatInput.Me me -> hub.me(this, me.action());
            case ChatInput.Msg msg -> hub.msg(this, msg.nick(), msg.text());
            case ChatInput.Nick n -> hub.nick(this, n.name());
            case ChatInput.Join join -> hub.join(this, join.room());
            case ChatInput.Who who -> hub.who(this);
            case ChatInput.Help help -> send(HELP);
            case ChatInput.Quit quit -> {
                hub.leave(this);
                send(ChatHub.line("* bye"));
                transport.loseConnection();
            }
            case ChatInput.Unknown unknown ->
                    send(ChatHub.line("! unknown command '" + unknown.command() + "'; /help lists the commands"));
            case ChatInput.Invalid invalid -> send(ChatHub.line("! " + invalid.usage()));
            case ChatInput.Empty empty -> {
            }
        }
    }

    @Override
    public void tooLong(long length) {
        send(ChatHub.line("! line too long (" + length + " bytes, the limit is " + hub.options().maxLineBytes()
                + "); it was not sent"));
    }

    /** A line started and not finished (held, or being skipped as too long): the slowloris guard's. */
    @Override
    public long unfinishedMessage() {
        return splitter.unfinishedLine();
    }

    @Override
    public void readEnded(Transport t) {
        hub.leave(this);
        t.loseConnection();
    }

    /**
     * The server is stopping. The hub's gate closes first, so every line accepted before the stop
     * is already queued to this client; the notice is queued behind them on the connection's own
     * loop (or writer), then the connection closes once it is sent.
     */
    @Override
    public void stopRequested(Transport t) {
        hub.stop();
        t.eventLoop().execute(() -> {
            t.write(ChatHub.line(SHUTDOWN));
            t.loseConnection();
        });
    }

    @Override
    public void connectionLost(CloseReason reason) {
        hub.leave(this);
    }

    // ---- used by the hub, from any thread ----------------------------------------------------

    String nick() {
        return nick;
    }

    void nick(String nick) {
        this.nick = nick;
    }

    Room room() {
        return room;
    }

    void room(Room room) {
        this.room = room;
    }

    boolean gone() {
        return gone;
    }

    void gone(boolean gone) {
        this.gone = gone;
    }

    SocketAddress remoteAddress() {
        return transport.remoteAddress();
    }

    /** Bytes queued for this client and not yet sent. */
    long backlog() {
        return transport.queuedBytes();
    }

    /** Sends a line meant for this client alone. */
    void send(ByteBuffer line) {
        transport.writeShared(line);
    }

    /** Sends a line shared with other recipients (never copied). */
    void sendShared(ByteBuffer line) {
        transport.writeShared(line);
    }

    /** Disconnects a client that does not read; true for the first call only. */
    boolean drop() {
        if (!dropped.compareAndSet(false, true)) {
            return false;
        }
        transport.abortConnection();
        return true;
    }
}
