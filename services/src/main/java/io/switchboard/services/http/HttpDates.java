package io.switchboard.services.http;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * HTTP dates (RFC 9110's IMF-fixdate, {@code Sun, 06 Nov 1994 08:49:37 GMT}): the {@code Date}
 * header, formatted once a second and shared, and {@code Last-Modified}/{@code If-Modified-Since}.
 *
 * <p>Thread-safe.
 */
final class HttpDates {

    /** IMF-fixdate: always two-digit days (Java's RFC_1123_DATE_TIME writes "1 Dec"). */
    private static final DateTimeFormatter FORMAT =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", java.util.Locale.US).withZone(ZoneOffset.UTC);

    private record Cached(long second, String text) {
    }

    private static volatile Cached now = new Cached(-1, "");

    private HttpDates() {
    }

    /** The current time as a {@code Date} header value, formatted at most once a second. */
    static String now() {
        long second = System.currentTimeMillis() / 1000;
        Cached cached = now;
        if (cached.second() != second) {
            cached = new Cached(second, format(second * 1000));
            now = cached;
        }
        return cached.text();
    }

    /** {@code millis} since the epoch, to the second, as an HTTP date. */
    static String format(long millis) {
        return FORMAT.format(Instant.ofEpochMilli(millis - Math.floorMod(millis, 1000)));
    }

    /** The epoch millis of an HTTP date, or -1 if it is not one. */
    static long parse(String text) {
        try {
            return ZonedDateTime.parse(text.strip(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant().toEpochMilli();
        } catch (DateTimeParseException e) {
            return -1;
        }
    }
}
