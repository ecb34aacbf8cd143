package io.switchboard.services.http;

import io.switchboard.metrics.TrafficStats;
import io.switchboard.services.RunningService;
import io.switchboard.services.ServiceDirectory;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.function.ToLongFunction;

/**
 * Every service's counters and the JVM's basics in the Prometheus text format (version 0.0.4),
 * for {@code /metrics}.
 *
 * <p>Thread-safe (stateless).
 */
final class MetricsText {

    /** The content type Prometheus expects. */
    static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private MetricsText() {
    }

    static String render(ServiceDirectory directory) {
        List<RunningService> services = directory.running();
        StringBuilder out = new StringBuilder(4096);
        family(out, services, "switchboard_connections_open", "gauge", "Connections open now.",
                TrafficStats::openConnections);
        family(out, services, "switchboard_connections_total", "counter", "Connections accepted.",
                TrafficStats::totalConnections);
        family(out, services, "switchboard_connections_refused_total", "counter",
                "Connections refused by a limit or an access rule.", TrafficStats::refusedConnections);
        family(out, services, "switchboard_received_bytes_total", "counter", "Bytes received.", TrafficStats::bytesIn);
        family(out, services, "switchboard_sent_bytes_total", "counter", "Bytes sent.", TrafficStats::bytesOut);
        family(out, services, "switchboard_messages_received_total", "counter",
                "Reads (stream chunks or datagrams) received.", TrafficStats::messagesIn);
        family(out, services, "switchboard_errors_total", "counter", "Connection and protocol errors.",
                TrafficStats::errors);
        family(out, services, "switchboard_queued_bytes", "gauge",
                "Bytes waiting in write queues (reactor connections).", TrafficStats::queuedBytes);
        family(out, services, "switchboard_connections_unwritable", "gauge",
                "Connections whose write queue is over the high-water mark (backpressure on).",
                TrafficStats::unwritableConnections);
        family(out, services, "switchboard_connections_timed_out_total", "counter",
                "Connections closed by an idle, write or request timeout.", TrafficStats::timedOutConnections);
        family(out, services, "switchboard_connections_overloaded_total", "counter",
                "Connections closed because their write queue passed the hard limit.", TrafficStats::overloadedConnections);
        Runtime runtime = Runtime.getRuntime();
        gauge(out, "jvm_memory_heap_used_bytes", "Heap in use.", runtime.totalMemory() - runtime.freeMemory());
        gauge(out, "jvm_memory_heap_max_bytes", "The heap's limit.", runtime.maxMemory());
        gauge(out, "jvm_threads_live", "Live platform threads.", ManagementFactory.getThreadMXBean().getThreadCount());
        gauge(out, "process_uptime_seconds", "Seconds since the JVM started.",
                ManagementFactory.getRuntimeMXBean().getUptime() / 1000.0);
        out.append("# HELP jvm_gc_collections_total Garbage collections.\n# TYPE jvm_gc_collections_total counter\n");
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            out.append("jvm_gc_collections_total{gc=").append(label(gc.getName())).append("} ")
                    .append(Math.max(0, gc.getCollectionCount())).append('\n');
        }
        out.append("# HELP jvm_gc_collection_seconds_total Time spent in garbage collections.\n"
                + "# TYPE jvm_gc_collection_seconds_total counter\n");
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            out.append("jvm_gc_collection_seconds_total{gc=").append(label(gc.getName())).append("} ")
                    .append(Math.max(0, gc.getCollectionTime()) / 1000.0).append('\n');
        }
        return out.toString();
    }

    private static void family(StringBuilder out, List<RunningService> services, String name, String type, String help,
            ToLongFunction<TrafficStats> value) {
        out.append("# HELP ").append(name).append(' ').append(help).append('\n');
        out.append("# TYPE ").append(name).append(' ').append(type).append('\n');
        for (RunningService service : services) {
            out.append(name).append("{service=").append(label(service.service().name())).append("} ")
                    .append(value.applyAsLong(service.stats())).append('\n');
        }
    }

    private static void gauge(StringBuilder out, String name, String help, double value) {
        out.append("# HELP ").append(name).append(' ').append(help).append('\n');
        out.append("# TYPE ").append(name).append(" gauge\n");
        out.append(name).append(' ').append(value == Math.rint(value) ? String.valueOf((long) value) : String.valueOf(value))
                .append('\n');
    }

    /** A label value, quoted and escaped as the format requires. */
    static String label(String value) {
        return '"' + value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + '"';
    }
}
