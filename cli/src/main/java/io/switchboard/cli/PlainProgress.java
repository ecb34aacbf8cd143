package io.switchboard.cli;

import java.io.PrintWriter;
import java.util.function.LongSupplier;

/**
 * Progress as plain lines, for logs and pipes: one line when the bytes start, then a line each
 * time another 10% is done, at most one every 2 s (so a fast transfer prints none):
 *
 * <pre>
 * put big.iso as big.iso: 734003200 bytes to tcp://127.0.0.1:9998
 * big.iso: 20% (146800640 of 734003200 bytes, 71.3 MB/s, about 8 s left)
 * </pre>
 *
 * <p>Used by one thread at a time.
 */
final class PlainProgress implements TransferProgress {

    private static final long MIN_INTERVAL_NANOS = 2_000_000_000L;

    private final String description;
    private final String direction;
    private final PrintWriter out;
    private final LongSupplier nanoClock;
    private String name;
    private long size;
    private long offset;
    private long startNanos;
    private long lastLineNanos;
    private int lastTenth;

    PlainProgress(String description, String direction, PrintWriter out, LongSupplier nanoClock) {
        this.description = description;
        this.direction = direction;
        this.out = out;
        this.nanoClock = nanoClock;
    }

    @Override
    public void transferStarted(String name, long size, long offset) {
        this.name = name;
        this.size = size;
        this.offset = offset;
        this.startNanos = nanoClock.getAsLong();
        this.lastLineNanos = startNanos;
        this.lastTenth = tenth(offset);
        out.println(description + ": " + size + " bytes " + direction
                + (offset > 0 ? ", resuming at byte " + offset : ""));
    }

    @Override
    public void bytesTransferred(long position) {
        int tenth = tenth(position);
        long now = nanoClock.getAsLong();
        if (tenth <= lastTenth || now - lastLineNanos < MIN_INTERVAL_NANOS || position >= size) {
            return;
        }
        lastTenth = tenth;
        lastLineNanos = now;
        double seconds = (now - startNanos) / 1e9;
        double rate = seconds > 0 ? (position - offset) / seconds : 0;
        String left = rate > 0 ? ", about " + Math.round((size - position) / rate) + " s left" : "";
        out.println(name + ": " + (position * 100 / size) + "% (" + position + " of " + size + " bytes, "
                + TransferSummary.rate(rate) + left + ")");
    }

    private int tenth(long position) {
        return size == 0 ? 10 : (int) (position * 10 / size);
    }

    @Override
    public void interrupted() {
        // lines already printed stay; nothing to clear
    }

    @Override
    public void close() {
    }
}
