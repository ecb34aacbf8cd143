package io.switchboard.services.http;

import io.switchboard.endpoint.Endpoint;
import io.switchboard.services.RunningService;
import io.switchboard.services.ServiceDirectory;
import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Map;

/**
 * The status page's data as JSON: the services (name, endpoints, description), how they run, the
 * JVM's basics, and samples of every service's counters. Small and flat, so it is written by hand.
 *
 * <p>Thread-safe (stateless).
 */
final class StatusJson {

    private static final long STARTED = ManagementFactory.getRuntimeMXBean().getStartTime(); // the JVM, not this class

    private StatusJson() {
    }

    /** The whole state: services, model, JVM and {@code samples}. */
    static String snapshot(ServiceDirectory directory, List<StatusSampler.Sample> samples) {
        StringBuilder out = new StringBuilder(4096);
        out.append("{\"model\":").append(quote(directory.model()))
                .append(",\"startedMillis\":").append(STARTED)
                .append(",\"pid\":").append(ProcessHandle.current().pid())
                .append(",\"services\":[");
        boolean first = true;
        for (RunningService running : directory.running()) {
            out.append(first ? "" : ",").append("{\"name\":").append(quote(running.service().name()))
                    .append(",\"description\":").append(quote(running.service().description()))
                    .append(",\"endpoints\":[");
            boolean firstEndpoint = true;
            for (Endpoint endpoint : running.boundEndpoints()) {
                out.append(firstEndpoint ? "" : ",").append(quote(endpoint.toString()));
                firstEndpoint = false;
            }
            out.append("]}");
            first = false;
        }
        out.append("],\"jvm\":");
        jvm(out);
        out.append(",\"samples\":[");
        first = true;
        for (StatusSampler.Sample sample : samples) {
            out.append(first ? "" : ",");
            sample(out, sample);
            first = false;
        }
        return out.append("]}").toString();
    }

    /** One sample as an event: {@code {"millis":..,"services":{..},"jvm":{..}}}. */
    static String event(StatusSampler.Sample sample) {
        StringBuilder out = new StringBuilder(1024);
        out.append("{\"sample\":");
        sample(out, sample);
        out.append(",\"jvm\":");
        jvm(out);
        return out.append('}').toString();
    }

    private static void sample(StringBuilder out, StatusSampler.Sample sample) {
        out.append("{\"millis\":").append(sample.millis()).append(",\"services\":{");
        boolean first = true;
        for (Map.Entry<String, StatusSampler.Counters> entry : sample.services().entrySet()) {
            StatusSampler.Counters c = entry.getValue();
            out.append(first ? "" : ",").append(quote(entry.getKey())).append(":[").append(c.open()).append(',')
                    .append(c.total()).append(',').append(c.refused()).append(',').append(c.bytesIn()).append(',')
                    .append(c.bytesOut()).append(',').append(c.messages()).append(',').append(c.errors()).append(']');
            first = false;
        }
        out.append("}}");
    }

    private static void jvm(StringBuilder out) {
        Runtime runtime = Runtime.getRuntime();
        out.append("{\"heapUsed\":").append(runtime.totalMemory() - runtime.freeMemory())
                .append(",\"heapMax\":").append(runtime.maxMemory())
                .append(",\"threads\":").append(ManagementFactory.getThreadMXBean().getThreadCount())
                .append(",\"cpus\":").append(runtime.availableProcessors())
                .append(",\"uptimeMillis\":").append(ManagementFactory.getRuntimeMXBean().getUptime())
                .append(",\"version\":").append(quote(Runtime.version().toString())).append('}');
    }

    /** A JSON string literal. */
    static String quote(String text) {
        StringBuilder out = new StringBuilder(text.length() + 2).append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20 || c == '<' || c == '>' || c == '&' || c == 0x2028 || c == 0x2029) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}
