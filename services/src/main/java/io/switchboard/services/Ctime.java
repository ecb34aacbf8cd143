package io.switchboard.services;

import java.time.Clock;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * Python's {@code time.ctime()}: {@code Sun Nov 22 09:48:55 2026}, English names whatever the
 * locale, the day of month padded with a space ({@code Sun Nov  2 09:48:55 2026}), local time.
 *
 * <p>Thread-safe.
 */
public final class Ctime {

    private static final DateTimeFormatter FORMAT = DateTimeFormatter.ofPattern("EEE MMM ppd HH:mm:ss yyyy",
            Locale.ENGLISH);

    private final Clock clock;

    /** Formats the time of {@code clock} (its zone is the local time zone of the output). */
    public Ctime(Clock clock) {
        this.clock = clock;
    }

    /** The system clock in the default time zone. */
    public static Ctime system() {
        return new Ctime(Clock.systemDefaultZone());
    }

    /** The current time, formatted. */
    public String now() {
        return FORMAT.format(ZonedDateTime.now(clock));
    }
}
