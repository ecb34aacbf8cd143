package io.switchboard.services.http;

import io.switchboard.reactor.Timer;
import io.switchboard.reactor.Transport;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * A server-sent event stream ({@code text/event-stream}): one {@code data:} event a second with
 * what {@code events} supplies, until the browser leaves. A browser that does not keep up skips
 * events instead of queueing them: memory stays bounded.
 *
 * <p>Not thread-safe: runs on the connection's event loop.
 */
final class EventStream implements HttpResponse.Stream {

    private final Supplier<String> events;
    private final Duration period;
    private Timer timer;

    EventStream(Supplier<String> events, Duration period) {
        this.events = events;
        this.period = period;
    }

    @Override
    public void start(Transport transport) {
        transport.write("retry: 2000\n\n".getBytes(StandardCharsets.UTF_8));
        send(transport);
        timer = transport.eventLoop().every(period, () -> send(transport));
    }

    private void send(Transport transport) {
        if (!transport.isOpen() || !transport.isWritable()) {
            return; // a slow reader misses a beat rather than growing a queue
        }
        transport.write(("data: " + events.get() + "\n\n").getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void stop() {
        if (timer != null) {
            timer.cancel();
        }
    }
}
