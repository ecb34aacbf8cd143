package io.switchboard.server;

import io.switchboard.metrics.TrafficStats;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/**
 * A connection's output that counts what it wrote into the server's {@link TrafficStats}, so the
 * blocking models show bytes out on the status page and {@code /metrics} as the reactor does.
 * Writes arrays straight through (unlike {@link FilterOutputStream}'s byte-at-a-time default).
 */
final class CountingOutputStream extends FilterOutputStream {

    private final TrafficStats stats;

    CountingOutputStream(OutputStream out, TrafficStats stats) {
        super(out);
        this.stats = stats;
    }

    @Override
    public void write(int b) throws IOException {
        out.write(b);
        stats.bytesWritten(1);
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
        out.write(bytes, offset, length);
        stats.bytesWritten(length);
    }
}
