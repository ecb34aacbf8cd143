package io.switchboard.io.linux;

import static io.switchboard.io.linux.Libc.INT;
import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.endpoint.Endpoint;
import io.switchboard.io.Events;
import io.switchboard.io.Interest;
import io.switchboard.io.ListenOptions;
import io.switchboard.io.ListenerSocket;
import io.switchboard.io.Poller;
import io.switchboard.io.Token;
import java.lang.foreign.FunctionDescriptor;
import java.lang.invoke.MethodHandle;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import sun.misc.Signal;

/**
 * A signal delivered to the polling thread makes select, poll and epoll_wait fail with EINTR.
 * The poller must report that as "no events" (the loop polls again), never as an error.
 */
@Timeout(20)
class InterruptedPollTest {

    private static final MethodHandle GETTID =
            Libc.LINKER.downcallHandle(Libc.LOOKUP.find("gettid").orElseThrow(), FunctionDescriptor.of(INT));
    private static final MethodHandle GETPID =
            Libc.LINKER.downcallHandle(Libc.LOOKUP.find("getpid").orElseThrow(), FunctionDescriptor.of(INT));
    private static final MethodHandle TGKILL = Libc.LINKER.downcallHandle(Libc.LOOKUP.find("tgkill").orElseThrow(),
            FunctionDescriptor.of(INT, INT, INT, INT));
    private static final int SIGWINCH = 28;

    @ParameterizedTest
    @ValueSource(strings = {"select", "poll", "epoll", "epoll-et"})
    void aSignalEndsABlockingPollWithNoEventsAndNoError(String name) throws Throwable {
        AtomicInteger handled = new AtomicInteger();
        Signal.handle(new Signal("WINCH"), signal -> handled.incrementAndGet()); // a handler, so the signal interrupts
        try (Poller poller = Linux.backend(name).openPoller();
                ListenerSocket listener = Linux.backend(name).listen(Endpoint.parse("tcp://127.0.0.1:0"),
                        ListenOptions.DEFAULTS)) {
            poller.register(listener, new Token(1), Interest.READABLE);
            CompletableFuture<Integer> tid = new CompletableFuture<>();
            CompletableFuture<Integer> polled = CompletableFuture.supplyAsync(() -> {
                try {
                    tid.complete((int) GETTID.invokeExact());
                    return poller.poll(new Events(4), TimeUnit.SECONDS.toNanos(10));
                } catch (Throwable t) {
                    throw new IllegalStateException(t);
                }
            }, runnable -> Thread.ofPlatform().start(runnable));
            int pid = (int) GETPID.invokeExact();
            int thread = tid.get(5, TimeUnit.SECONDS);
            // the thread may not have entered the wait yet: signal until the poll returns
            long start = System.nanoTime();
            while (!polled.isDone()) {
                int sent = (int) TGKILL.invokeExact(pid, thread, SIGWINCH);
                assertThat(sent).isZero();
                try {
                    polled.get(50, TimeUnit.MILLISECONDS);
                } catch (java.util.concurrent.TimeoutException notYet) {
                    // signal again
                }
            }
            assertThat(polled.get()).as("events after EINTR").isZero();
            assertThat(System.nanoTime() - start).as("returned early, not at the 10 s timeout")
                    .isLessThan(TimeUnit.SECONDS.toNanos(5));
        }
    }
}
