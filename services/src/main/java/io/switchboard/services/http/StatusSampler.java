package io.switchboard.services.http;

import io.switchboard.metrics.TrafficStats;
import io.switchboard.services.RunningService;
import io.switchboard.services.ServiceDirectory;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Samples every running service's counters once a second and keeps the last
 * {@link #HISTORY_SECONDS} samples, so a status page opened now can draw the last minutes at once.
 *
 * <p>Thread-safe: {@link #sample} runs on one timer thread; readers get copies under the lock.
 */
final class StatusSampler {

    /** Samples kept: five minutes. */
    static final int HISTORY_SECONDS = 300;

    /**
     * One service's counters at one moment.
     *
     * @param open     connections open
     * @param total    connections accepted so far
     * @param bytesIn  bytes received so far
     * @param bytesOut bytes sent so far
     * @param messages reads (chunks or datagrams) so far
     * @param errors   errors so far
     */
    record Counters(long open, long total, long refused, long bytesIn, long bytesOut, long messages, long errors) {

        static Counters of(TrafficStats stats) {
            return new Counters(stats.openConnections(), stats.totalConnections(), stats.refusedConnections(),
                    stats.bytesIn(), stats.bytesOut(), stats.messagesIn(), stats.errors());
        }
    }

    /** Every service's counters at {@code millis}. */
    record Sample(long millis, Map<String, Counters> services) {
    }

    private final ServiceDirectory directory;
    private final ArrayDeque<Sample> history = new ArrayDeque<>();

    StatusSampler(ServiceDirectory directory) {
        this.directory = directory;
    }

    /** Takes a sample now and keeps it. */
    void sample() {
        Sample sample = now();
        synchronized (history) {
            history.addLast(sample);
            while (history.size() > HISTORY_SECONDS) {
                history.removeFirst();
            }
        }
    }

    /** The counters now, not kept. */
    Sample now() {
        Map<String, Counters> services = new LinkedHashMap<>();
        for (RunningService running : directory.running()) {
            services.put(running.service().name(), Counters.of(running.stats()));
        }
        return new Sample(System.currentTimeMillis(), services);
    }

    /** The samples kept, oldest first. */
    List<Sample> history() {
        synchronized (history) {
            return new ArrayList<>(history);
        }
    }
}
