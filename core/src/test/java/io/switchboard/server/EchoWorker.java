package io.switchboard.server;

import io.switchboard.endpoint.Endpoint;
import io.switchboard.io.ListenOptions;
import io.switchboard.limits.ConnectionLimits;
import io.switchboard.metrics.TrafficStats;
import io.switchboard.reactor.Protocol;
import io.switchboard.reactor.Reactor;
import io.switchboard.reactor.Transport;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import sun.misc.Signal;

/**
 * A prefork worker for the tests: {@code EchoWorker <port>} echoes on 127.0.0.1:port with
 * SO_REUSEPORT, prefixing each reply with its pid, prints READY, and stops on SIGTERM.
 */
public final class EchoWorker {

    private EchoWorker() {
    }

    /** Runs the worker. */
    public static void main(String[] args) throws Exception {
        byte[] pid = (ProcessHandle.current().pid() + ":").getBytes(StandardCharsets.UTF_8);
        try (Reactor reactor = Reactor.builder().loops(1).build()) {
            reactor.listen(Endpoint.parse("tcp://127.0.0.1:" + args[0]), remote -> new Protocol() {
                private Transport transport;

                @Override
                public void connectionMade(Transport t) {
                    transport = t;
                }

                @Override
                public void dataReceived(ByteBuffer data) {
                    transport.write(pid);
                    transport.write(data);
                }
            }, new TrafficStats(), ConnectionLimits.DEFAULTS, ListenOptions.DEFAULTS.withReusePort(true));
            CountDownLatch stop = new CountDownLatch(1);
            Signal.handle(new Signal("TERM"), signal -> stop.countDown());
            System.out.println("READY");
            System.out.flush();
            stop.await();
            reactor.shutdown(Duration.ofSeconds(1));
        }
        System.exit(0);
    }
}
