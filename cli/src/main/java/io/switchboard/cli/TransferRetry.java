package io.switchboard.cli;

import io.switchboard.services.files.FilesClientConnectException;
import io.switchboard.services.files.FilesClientConnectionLostException;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;

/**
 * {@code --retry N} for {@code put} and {@code get}: when the connection drops or stalls, or
 * connecting again fails, wait a little (200 ms, doubling up to 2 s), say so on stderr, and call
 * the transfer again, which resumes where the bytes stopped. Nothing else is retried: a refusal
 * ({@code ERR}) or a hash mismatch would only happen again.
 *
 * <p>Not thread-safe: one transfer at a time.
 */
final class TransferRetry {

    private static final Duration FIRST_DELAY = Duration.ofMillis(200);
    private static final Duration MAX_DELAY = Duration.ofSeconds(2);

    private final int retries;
    private final String command;
    private final PrintWriter err;

    /** One attempt at a transfer. */
    @FunctionalInterface
    interface Attempt<T> {
        T run() throws IOException;
    }

    /** The retries ran out; the message names how many and the last failure. */
    static final class ExhaustedException extends IOException {
        ExhaustedException(int retries, IOException last) {
            super((retries == 1 ? "gave up after 1 retry: " : "gave up after " + retries + " retries: ")
                    + last.getMessage(), last);
        }
    }

    TransferRetry(int retries, String command, PrintWriter err) {
        this.retries = retries;
        this.command = command;
        this.err = err;
    }

    /**
     * Runs {@code attempt}, again after each retriable failure, at most {@code retries} more times.
     *
     * @param interrupted called before a retry is announced (a progress bar gets out of the way)
     * @throws ExhaustedException when the last retry failed too (with {@code --retry 0}: the failure itself)
     */
    <T> T run(Attempt<T> attempt, Runnable interrupted) throws IOException, InterruptedException {
        Duration delay = FIRST_DELAY;
        for (int retry = 0; ; retry++) {
            try {
                return attempt.run();
            } catch (FilesClientConnectionLostException | FilesClientConnectException e) {
                interrupted.run();
                if (retry == retries) {
                    throw retries == 0 ? e : new ExhaustedException(retries, e);
                }
                err.printf("%s: %s; retrying in %d ms (retry %d of %d)%n", command, e.getMessage(), delay.toMillis(),
                        retry + 1, retries);
                Thread.sleep(delay); // a backoff, not a synchronisation
                delay = delay.multipliedBy(2).compareTo(MAX_DELAY) > 0 ? MAX_DELAY : delay.multipliedBy(2);
            }
        }
    }
}
