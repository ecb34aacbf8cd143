package io.switchboard.io;

import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Optional;
import java.util.TimeZone;
import java.util.function.Supplier;

/**
 * Keeps a listener from spinning when {@code accept} fails for lack of descriptors (EMFILE,
 * ENFILE): the refused connection stays in the backlog, so the listening socket stays readable
 * and a plain retry loop burns a core. One guard per listener; the reactor's acceptor and the
 * blocking servers both use it.
 *
 * <p>Two ways out, chosen at construction: {@link #pausing} says "stop watching the listener for
 * {@link #PAUSE_MILLIS} ms" and leaves the waiting peers in the backlog; {@link #reserving} holds
 * one spare descriptor ({@code /dev/null}) and, on EMFILE, closes it, accepts and closes each
 * waiting connection so its peer learns at once, and reopens the spare (the libuv/Twisted trick).
 * While the spare cannot be reopened a reserving guard pauses instead.
 *
 * <p>Warnings are logged at most once a second, with the process's descriptor limit, the
 * connections open on the listener and a tally; the first successful accept afterwards is logged
 * at INFO with how long descriptors were short.
 *
 * <p>Thread-safety: one thread at a time (the thread that accepts); {@link #close} from any thread.
 */
public final class AcceptGuard implements AutoCloseable {

    private static final Logger LOG = System.getLogger(AcceptGuard.class.getName());
    private static final long REPORT_NANOS = 1_000_000_000L;
    private static final Path SPARE = Path.of("/dev/null");

    static {
        // A log formatter that prints local time (the JDK's SimpleFormatter does) reads the time-zone
        // database on its first use. Under EMFILE it cannot, and if the first record of the process is
        // this guard's warning, the formatter throws an Error instead (and fails ever after). So the
        // data (both the old and the java.time database) is read here, while a listener is being set up.
        TimeZone.getDefault();
        ZonedDateTime.now(ZoneId.systemDefault()).getOffset();
    }

    /** How long a guard stops accepting after EMFILE when it has no spare to shed with. */
    public static final long PAUSE_MILLIS = 100;

    /** Loads {@link Exhausted} now: under EMFILE a class read from a directory could not be opened. */
    private static final Exhausted NOTHING_SHED = new Exhausted(0, 0);

    /** What a failed accept led to. */
    public record Exhausted(int shed, long pauseMillis) {

        /** The guard shed the waiting connections: accepting may go on at once. */
        public boolean carryOn() {
            return pauseMillis == 0;
        }
    }

    private final String listener;
    private final boolean reserve;
    private final long descriptorLimit;
    private FileChannel spare;
    private boolean closed;
    private long exhaustedSince;
    private long lastReport;
    private long failuresSinceReport;
    private long shedSinceReport;
    private long failures;
    private long shed;
    private long failuresThisEpisode;
    private long shedThisEpisode;

    private AcceptGuard(String listener, boolean reserve) {
        this.listener = listener;
        this.reserve = reserve;
        this.descriptorLimit = descriptorLimit();
        if (reserve) {
            spare = openSpare();
        }
    }

    /** A guard that pauses accepting for {@link #PAUSE_MILLIS} ms on each EMFILE. */
    public static AcceptGuard pausing(String listener) {
        return new AcceptGuard(listener, false);
    }

    /** A guard that holds one spare descriptor and sheds waiting connections with it on EMFILE. */
    public static AcceptGuard reserving(String listener) {
        return new AcceptGuard(listener, true);
    }

    /** Whether {@code failure} says the process or the system ran out of descriptors. */
    public static boolean isExhaustion(IOException failure) {
        String message = String.valueOf(failure.getMessage());
        return message.contains("Too many open files") || message.contains("EMFILE") || message.contains("ENFILE");
    }

    /**
     * Accept on {@code socket} threw {@code failure}. If it is not a lack of descriptors, returns
     * empty and the caller handles it as before. Otherwise the guard logs, sheds waiting
     * connections if it holds a spare, and says whether to pause.
     *
     * @param open connections open on this listener, for the log
     */
    public synchronized Optional<Exhausted> acceptFailed(IOException failure, ListenerSocket socket, int open) {
        if (!isExhaustion(failure)) {
            return Optional.empty();
        }
        long now = System.nanoTime();
        if (exhaustedSince == 0) {
            exhaustedSince = now;
        }
        failures++;
        failuresThisEpisode++;
        failuresSinceReport++;
        int dropped = 0;
        if (reserve && spare == null) {
            spare = openSpare(); // descriptors may have freed up since the last time it failed
        }
        if (spare != null) {
            dropped = shedWith(socket);
        }
        shed += dropped;
        shedThisEpisode += dropped;
        shedSinceReport += dropped;
        long pause = spare != null ? 0 : PAUSE_MILLIS;
        if (now - lastReport >= REPORT_NANOS || lastReport == 0) {
            report(failure, open, pause, now);
        }
        return Optional.of(new Exhausted(dropped, pause));
    }

    /** An accept succeeded: if descriptors were short until now, say so once. */
    public void accepted() {
        if (exhaustedSince == 0) {
            return; // the common case, without the lock: only the accepting thread writes the field
        }
        recovered();
    }

    private synchronized void recovered() {
        long shortMillis = (System.nanoTime() - exhaustedSince) / 1_000_000;
        long failed = failuresThisEpisode;
        long closed = shedThisEpisode;
        exhaustedSince = 0;
        failuresThisEpisode = 0;
        shedThisEpisode = 0;
        lastReport = 0;
        failuresSinceReport = 0;
        shedSinceReport = 0;
        if (reserve && spare == null) {
            spare = openSpare();
        }
        log(Level.INFO, () -> "accepting on " + listener + " again after " + shortMillis
                + " ms short of descriptors (" + failed + " failed accepts"
                + (reserve ? ", " + closed + " waiting connections closed at accept" : "") + ")");
    }

    /** Accepts that failed for lack of descriptors, in all. */
    public long failures() {
        return failures;
    }

    /** Connections accepted and closed at once to free the backlog, in all. */
    public long shed() {
        return shed;
    }

    /** Whether the guard holds its spare descriptor now. */
    public boolean holdsSpare() {
        return spare != null;
    }

    /** Releases the spare descriptor. */
    @Override
    public synchronized void close() {
        closed = true;
        closeSpare();
    }

    /** Frees the spare, accepts and closes what waits (at most 64), and takes the spare back. */
    private int shedWith(ListenerSocket socket) {
        closeSpare();
        int dropped = 0;
        while (dropped < 64) {
            StreamSocket waiting;
            try {
                waiting = socket.accept();
            } catch (IOException e) {
                break; // another thread took the freed descriptor, or the listener failed otherwise
            }
            if (waiting == null) {
                break;
            }
            try {
                waiting.close(); // the peer reads end of stream (or a reset if it had sent data)
            } catch (IOException ignored) {
                // closed is all we wanted
            }
            dropped++;
        }
        spare = openSpare();
        if (spare == null) {
            log(Level.WARNING, () -> listener + ": could not take the spare descriptor back; pausing "
                    + PAUSE_MILLIS + " ms on EMFILE until it can");
        }
        return dropped;
    }

    private void report(IOException failure, int open, long pause, long now) {
        long tally = failuresSinceReport;
        long closed = shedSinceReport;
        failuresSinceReport = 0;
        shedSinceReport = 0;
        lastReport = now;
        String limit = descriptorLimit > 0 ? "all " + descriptorLimit + " descriptors of the process are in use"
                : "no descriptor is free";
        String action = pause > 0 ? "pausing accepts for " + pause + " ms until one frees up"
                : "closed " + closed + " waiting connections at accept with the spare descriptor";
        log(Level.WARNING, () -> "accept on " + listener + " failed: " + failure.getMessage() + ": " + limit
                + ", " + open + " connections open here; " + action + " (" + tally + " failed accepts since the last report)");
    }

    /** Logs, unless the record cannot be written for lack of descriptors: that must not stop accepting. */
    private static void log(Level level, Supplier<String> message) {
        try {
            LOG.log(level, message);
        } catch (VirtualMachineError e) {
            throw e;
        } catch (RuntimeException | Error e) {
            // a handler or formatter that needed a descriptor; the counters still tell
        }
    }

    private FileChannel openSpare() {
        if (closed) {
            return null;
        }
        try {
            return FileChannel.open(SPARE, StandardOpenOption.READ);
        } catch (IOException | UnsupportedOperationException e) {
            return null;
        }
    }

    private void closeSpare() {
        FileChannel held = spare;
        spare = null;
        if (held != null) {
            try {
                held.close();
            } catch (IOException ignored) {
                // a /dev/null channel does not fail to close
            }
        }
    }

    /** The soft RLIMIT_NOFILE from /proc/self/limits, read while descriptors are plenty; -1 if unknown. */
    private static long descriptorLimit() {
        try {
            List<String> lines = Files.readAllLines(Path.of("/proc/self/limits"));
            for (String line : lines) {
                if (line.startsWith("Max open files")) {
                    String[] words = line.substring("Max open files".length()).trim().split("\\s+");
                    return Long.parseLong(words[0]);
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux, or /proc not mounted: the warning says less
        }
        return -1;
    }
}
