package io.switchboard.services.chat;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.LongSupplier;
import java.util.regex.Pattern;

/**
 * The state every chat client shares: rooms, nicknames, and the fan-out of lines to a room.
 *
 * <p>Fan-out encodes a line once and hands the same bytes to every recipient's transport
 * ({@link io.switchboard.reactor.Transport#writeShared}), on whatever loop or thread each lives.
 * Each sender's lines reach each recipient in the order sent: they are written from the sender's
 * own loop (or thread) in order, and a transport keeps the order of each writing thread.
 * A recipient whose unsent backlog would pass {@link ChatOptions#maxBacklogBytes()} is
 * disconnected instead, with the reason logged. A sender over {@link ChatOptions#linesPerSecond()}
 * is slowed by its own session (see {@link ChatSession}), before its lines reach the hub.
 *
 * <p>Stopping: {@link #stop()} closes the gate for new lines and waits for fan-outs in progress,
 * so every line accepted before the stop is queued to its recipients before any stop notice.
 *
 * <p>Thread-safety: every method is safe from any thread. Joins, leaves and nick changes take one
 * lock; fan-out takes none but the stop gate's shared side.
 */
final class ChatHub {

    private static final Logger LOG = System.getLogger(ChatHub.class.getName());
    static final String LOBBY = "lobby";
    private static final Pattern NICK = Pattern.compile("[\\p{L}\\p{N}_-]{1,20}");
    private static final Pattern ROOM = Pattern.compile("[\\p{L}\\p{N}_#-]{1,30}");

    private final ChatOptions options;
    private final Object lock = new Object();
    private final Map<String, Room> rooms = new HashMap<>();          // by name; guarded by lock
    private final Map<String, ChatSession> nicks = new HashMap<>();   // by lower-case nick; guarded by lock
    private final AtomicLong guests = new AtomicLong();
    private final ReentrantReadWriteLock gate = new ReentrantReadWriteLock();
    private volatile boolean stopping;
    private final LongAdder delivered = new LongAdder();
    private final LongAdder dropped = new LongAdder();

    private final LongSupplier clock;

    ChatHub(ChatOptions options) {
        this(options, System::nanoTime);
    }

    /** With another clock for flood control (nanoseconds, as {@link System#nanoTime()}), for tests. */
    ChatHub(ChatOptions options, LongSupplier clock) {
        this.options = options;
        this.clock = clock;
    }

    ChatOptions options() {
        return options;
    }

    /** The clock sessions' token buckets read. */
    LongSupplier clock() {
        return clock;
    }

    /** Lines handed to recipients' transports so far. */
    long delivered() {
        return delivered.sum();
    }

    /** Clients disconnected for not reading. */
    long dropped() {
        return dropped.sum();
    }

    boolean stopping() {
        return stopping;
    }

    // ---- arriving and leaving ---------------------------------------------------------------

    /** A new client: a guest nick, the lobby, a welcome, a notice to the others. */
    void arrive(ChatSession session) {
        String nick;
        synchronized (lock) {
            do {
                nick = "guest-" + guests.incrementAndGet();
            } while (nicks.containsKey(nick));
            nicks.put(nick, session);
            session.nick(nick);
        }
        // the welcome goes first, and never under the lock: a writer may block on its own peer
        session.send(line("* Welcome to the Switchboard chat, " + nick + "! You are in " + LOBBY
                + ". Type /help for the commands."));
        synchronized (lock) {
            if (session.nick().equals(nick) && session.room() == null && !session.gone()) {
                enter(session, room(LOBBY));
            }
        }
    }

    /** A client is gone (quit, dropped or lost): out of its room and its nick freed. */
    void leave(ChatSession session) {
        synchronized (lock) {
            session.gone(true);
            nicks.remove(key(session.nick()), session);
            Room room = session.room();
            if (room != null) {
                exit(session, room, "* " + session.nick() + " left " + room.name());
                session.room(null);
            }
        }
    }

    /** Member first, notice second: whoever sees the notice and answers reaches the newcomer. */
    private void enter(ChatSession session, Room room) {
        room.add(session);
        session.room(room);
        broadcast(room, session, line("* " + session.nick() + " joined " + room.name()));
    }

    private void exit(ChatSession session, Room room, String notice) {
        room.remove(session);
        if (room.isEmpty() && !room.name().equals(LOBBY)) {
            rooms.remove(room.name());
        }
        broadcast(room, session, line(notice));
    }

    private Room room(String name) {
        return rooms.computeIfAbsent(name, Room::new);
    }

    // ---- commands ---------------------------------------------------------------------------

    /** A line from {@code from} to everyone else in its room. */
    void say(ChatSession from, String text) {
        Room room = from.room();
        if (room != null) {
            broadcast(room, from, line("<" + from.nick() + "> " + text));
        }
    }

    /** An action: {@code * ana waves}. */
    void me(ChatSession from, String action) {
        Room room = from.room();
        if (room != null) {
            broadcast(room, from, line("* " + from.nick() + " " + action));
        }
    }

    /** A private line; the sender is told whether it went. */
    void msg(ChatSession from, String nick, String text) {
        ChatSession to;
        synchronized (lock) {
            to = nicks.get(key(nick));
        }
        if (to == null) {
            from.send(line("! no one is called '" + nick + "'; /who lists your room"));
            return;
        }
        if (to == from) {
            from.send(line("! that is you"));
            return;
        }
        if (deliverGated(to, line("[private from " + from.nick() + "] " + text))) {
            from.send(line("[private to " + to.nick() + "] " + text));
        }
    }

    /** Renames {@code session}, or says why not. */
    void nick(ChatSession session, String wanted) {
        if (!NICK.matcher(wanted).matches()) {
            session.send(line("! invalid nick '" + wanted + "': use 1 to 20 letters, digits, '_' or '-'"));
            return;
        }
        String reply;
        synchronized (lock) {
            reply = rename(session, wanted);
        }
        session.send(line(reply));
    }

    private String rename(ChatSession session, String wanted) {
        String old = session.nick();
        if (old.equals(wanted)) {
            return "* you are already " + wanted;
        }
        ChatSession holder = nicks.get(key(wanted));
        if (holder != null && holder != session) {
            return "! the nick '" + wanted + "' is taken; choose another";
        }
        nicks.remove(key(old), session);
        nicks.put(key(wanted), session);
        session.nick(wanted);
        Room room = session.room();
        if (room != null) {
            broadcast(room, session, line("* " + old + " is now known as " + wanted));
        }
        return "* you are now known as " + wanted;
    }

    /** Moves {@code session} to another room, made on first use. */
    void join(ChatSession session, String wanted) {
        if (!ROOM.matcher(wanted).matches()) {
            session.send(line("! invalid room '" + wanted + "': use 1 to 30 letters, digits, '_', '-' or '#'"));
            return;
        }
        String name = wanted.toLowerCase(Locale.ROOT);
        String reply;
        synchronized (lock) {
            Room current = session.room();
            if (current != null && current.name().equals(name)) {
                reply = "* you are already in " + name;
            } else {
                if (current != null) {
                    exit(session, current, "* " + session.nick() + " left for " + name);
                }
                Room room = room(name);
                enter(session, room);
                reply = "* you are in " + name + ": " + names(room);
            }
        }
        session.send(line(reply));
    }

    /** Tells {@code session} who is in its room. */
    void who(ChatSession session) {
        Room room = session.room();
        if (room != null) {
            session.send(line("* in " + room.name() + " (" + room.members().length + "): " + names(room)));
        }
    }

    private static String names(Room room) {
        List<String> names = new ArrayList<>();
        for (ChatSession member : room.members()) {
            names.add(member.nick());
        }
        names.sort(String.CASE_INSENSITIVE_ORDER);
        return String.join(", ", names);
    }

    // ---- fan-out ----------------------------------------------------------------------------

    /** Sends {@code bytes} to every member of {@code room} but {@code except}, if the hub is not stopping. */
    private void broadcast(Room room, ChatSession except, ByteBuffer bytes) {
        gate.readLock().lock();
        try {
            if (stopping) {
                return;
            }
            for (ChatSession member : room.members()) {
                if (member != except) {
                    deliver(member, bytes);
                }
            }
        } finally {
            gate.readLock().unlock();
        }
    }

    private boolean deliverGated(ChatSession to, ByteBuffer bytes) {
        gate.readLock().lock();
        try {
            return !stopping && deliver(to, bytes);
        } finally {
            gate.readLock().unlock();
        }
    }

    private boolean deliver(ChatSession to, ByteBuffer bytes) {
        long backlog = to.backlog();
        if (backlog + bytes.remaining() > options.maxBacklogBytes()) {
            if (to.drop()) {
                dropped.increment();
                LOG.log(Level.WARNING, () -> "chat: disconnecting " + to.nick() + " (" + to.remoteAddress() + "): "
                        + backlog + " bytes are waiting to be sent and the next line would pass the limit of "
                        + options.maxBacklogBytes() + "; the client is not reading");
            }
            return false;
        }
        to.sendShared(bytes);
        delivered.increment();
        return true;
    }

    /**
     * Closes the gate: lines not yet fanned out are not accepted, and this returns once every
     * fan-out in progress has queued its bytes.
     */
    void stop() {
        gate.writeLock().lock();
        try {
            stopping = true;
        } finally {
            gate.writeLock().unlock();
        }
    }

    /** One line of text, encoded once, with its newline. */
    static ByteBuffer line(String text) {
        return ByteBuffer.wrap((text + "\n").getBytes(StandardCharsets.UTF_8));
    }

    private static String key(String nick) {
        return nick.toLowerCase(Locale.ROOT);
    }
}
