package io.switchboard.services.chat;

import io.switchboard.reactor.CloseReason;
import io.switchboard.reactor.Protocol;
import io.switchboard.reactor.Timer;
import io.switchboard.reactor.Transport;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One chat client's connection: cuts its bytes into lines, cleans each, parses it as a message or
 * command, and asks the {@link ChatHub} to act. Lines over the limit are refused with a message;
 * the client stays connected.
 *
 * <p>Flood control ({@link ChatOptions#linesPerSecond()}): every line spends a token of the
 * client's {@link TokenBucket}. When none is left the session stops splitting, keeps the bytes it
 * has not split yet ({@code held}), pauses reading and sets a timer for the next token; the timer
 * splits one more line, and so on, until the held bytes are used up and reading resumes. The
 * client is slowed, never dropped, and nothing it sent is lost or reordered; while it waits, the
 * kernel's buffers fill and TCP pushes back on it. The other clients are not slowed: their
 * sessions have their own buckets, and nothing waits on a loop. Held bytes are what was read
 * before the pause: one read on the reactor, one chunk on a blocking model, plus whatever the
 * layer below hands over while the pause takes effect (the rest of a WebSocket read's messages).
 * The client is told once per episode ({@code * slow down: ...}) and the episode logged once; an
 * episode ends when the bucket is full again.
 *
 * <p>Thread-safety: the protocol callbacks run on the connection's loop (or thread) one at a time;
 * {@link #nick}, {@link #room} and the sending methods are read and called from other clients'
 * threads too, so the fields they use are volatile.
 */
final class ChatSession implements Protocol, LineSplitter.Lines {

    private static final Logger LOG = System.getLogger(ChatSession.class.getName());
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

    // flood control: used on the connection's loop (or under its lock) only
    private final TokenBucket rate;   // null when flood control is off
    private ByteBuffer held;          // read but not yet split, waiting for tokens; null when flowing
    private Timer tokenDue;           // wakes the session when the next token is there
    private boolean endPending;       // the peer's end of stream came while lines were held
    private boolean slowed;           // in an episode: from the first wait until the bucket is full again
    private long slowedSince;
    private long delayedLines;

    ChatSession(ChatHub hub) {
        this.hub = hub;
        this.splitter = new LineSplitter(hub.options().maxLineBytes());
        ChatOptions options = hub.options();
        this.rate = options.floodControl()
                ? new TokenBucket(options.linesPerSecond(), options.burstLines(), hub.clock()) : null;
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
        if (held != null) {
            hold(data); // lines are waiting for tokens: these come after them
            return;
        }
        splitter.feed(data, this);
        if (data.hasRemaining()) {
            hold(data);
            waitForToken();
        }
    }

    // ---- flood control ----------------------------------------------------------------------

    /** Whether the next line may go now: a token is there (or the line will be ignored anyway). */
    @Override
    public boolean accepting() {
        if (rate == null || gone || hub.stopping()) {
            return true;
        }
        if (slowed && held == null && rate.isFull()) {
            calmedDown();
        }
        return rate.hasToken();
    }

    /** Spends the token {@link #accepting()} saw, for a line about to be handled. */
    private void spend() {
        if (rate != null && !gone && !hub.stopping()) {
            rate.take();
            if (slowed) {
                delayedLines++;
            }
        }
    }

    private void hold(ByteBuffer data) {
        if (held == null) {
            held = ByteBuffer.allocate(Math.max(data.remaining(), 4096));
        } else if (held.remaining() < data.remaining()) {
            ByteBuffer grown = ByteBuffer.allocate(Math.max(held.capacity() * 2, held.position() + data.remaining()));
            held.flip();
            grown.put(held);
            held = grown;
        }
        held.put(data);
    }

    /** Out of tokens with lines held: stop reading, and come back when the next token is there. */
    private void waitForToken() {
        if (!slowed) {
            slowed = true;
            slowedSince = hub.clock().getAsLong();
            delayedLines = 0;
            String rateText = describeRate();
            send(ChatHub.line("* slow down: you are sending more than " + rateText
                    + "; your lines are delayed, not lost"));
            LOG.log(Level.INFO, () -> "chat: slowing " + nick + " (" + remoteAddress() + "): more than " + rateText
                    + "; reading from it is paused until it may send again");
        }
        transport.pauseReading();
        tokenDue = transport.eventLoop().schedule(Duration.ofNanos(rate.nanosUntilToken()), this::tokenArrived);
    }

    private void tokenArrived() {
        tokenDue = null;
        if (held == null) {
            return;
        }
        if (gone || hub.stopping() || !transport.isOpen()) {
            held = null;
            return;
        }
        held.flip();
        splitter.feed(held, this);
        if (held.hasRemaining() && !gone && !hub.stopping()) {
            held.compact();
            waitForToken();
            return;
        }
        held = null;
        if (gone || hub.stopping()) {
            return;
        }
        transport.resumeReading();
        if (endPending) {
            endPending = false;
            readEnded(transport);
        }
    }

    /** Forgets held lines (the client left or the server stops) and lets the connection read again. */
    private void dropHeld() {
        if (tokenDue != null) {
            tokenDue.cancel();
            tokenDue = null;
        }
        if (held != null) {
            int bytes = held.position();
            held = null;
            LOG.log(Level.DEBUG, () -> "chat: " + nick + " (" + remoteAddress() + "): " + bytes
                    + " bytes held by flood control were not sent: the connection is closing");
            transport.resumeReading(); // a graceful close drains the input
        }
    }

    /** The bucket is full again: the episode is over. */
    private void calmedDown() {
        slowed = false;
        long millis = (hub.clock().getAsLong() - slowedSince) / 1_000_000;
        long lines = delayedLines;
        LOG.log(Level.DEBUG, () -> "chat: " + nick + " (" + remoteAddress() + ") is under the rate again after "
                + millis + " ms; " + lines + " lines were delayed");
    }

    private String describeRate() {
        double perSecond = hub.options().linesPerSecond();
        String number = perSecond == Math.rint(perSecond) ? String.valueOf((long) perSecond) : String.valueOf(perSecond);
        return number + (perSecond == 1 ? " line" : " lines") + " a second (bursts of " + hub.options().burstLines() + ")";
    }

    @Override
    public void line(ByteBuffer line) {
        spend();
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
        spend();
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
        if (held != null) {
            endPending = true; // the held lines go first
            return;
        }
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
            dropHeld(); // not accepted before the stop, like bytes still in the kernel's buffer
            t.write(ChatHub.line(SHUTDOWN));
            t.loseConnection();
        });
    }

    @Override
    public void connectionLost(CloseReason reason) {
        if (tokenDue != null) {
            tokenDue.cancel();
            tokenDue = null;
        }
        held = null;
        if (slowed) {
            calmedDown();
        }
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
