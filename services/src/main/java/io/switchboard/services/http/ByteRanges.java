package io.switchboard.services.http;

/**
 * The {@code Range} header (RFC 9110, 14.2), one range of bytes: {@code bytes=a-b},
 * {@code bytes=a-} or {@code bytes=-n}. Several ranges are answered with the whole file (which the
 * RFC allows) rather than a multipart body.
 *
 * <p>Thread-safe (stateless).
 */
final class ByteRanges {

    /** The range cannot be satisfied: answer 416. */
    static final long[] UNSATISFIABLE = new long[0];

    private ByteRanges() {
    }

    /**
     * The first and last byte (inclusive) {@code header} asks of a file of {@code size} bytes;
     * {@link #UNSATISFIABLE}; or {@code null} when the header is malformed, not in bytes, or asks
     * for several ranges (then the whole file is sent with 200).
     */
    static long[] single(String header, long size) {
        String value = header.strip();
        if (!value.regionMatches(true, 0, "bytes=", 0, 6)) {
            return null;
        }
        String spec = value.substring(6).strip();
        if (spec.indexOf(',') >= 0) {
            return null;
        }
        int dash = spec.indexOf('-');
        if (dash < 0) {
            return null;
        }
        String first = spec.substring(0, dash).strip();
        String last = spec.substring(dash + 1).strip();
        try {
            if (first.isEmpty()) {
                if (last.isEmpty() || !digits(last)) {
                    return null;
                }
                long suffix = Long.parseLong(last);
                if (suffix == 0 || size == 0) {
                    return UNSATISFIABLE;
                }
                return new long[] {Math.max(0, size - suffix), size - 1};
            }
            if (!digits(first) || (!last.isEmpty() && !digits(last))) {
                return null;
            }
            long start = Long.parseLong(first);
            long end = last.isEmpty() ? size - 1 : Math.min(Long.parseLong(last), size - 1);
            if (!last.isEmpty() && Long.parseLong(last) < start) {
                return null; // invalid: ignored
            }
            if (start >= size) {
                return UNSATISFIABLE;
            }
            return new long[] {start, end};
        } catch (NumberFormatException e) {
            return null; // over 2^63: not a range we can honour
        }
    }

    private static boolean digits(String text) {
        return !text.isEmpty() && text.chars().allMatch(c -> c >= '0' && c <= '9');
    }
}
