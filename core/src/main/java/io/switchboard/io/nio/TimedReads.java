package io.switchboard.io.nio;

import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.nio.channels.Channel;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A read timeout for channels whose blocking reads have none (Unix domain channels: the JDK's
 * socket adaptor, which honours SO_TIMEOUT, exists for TCP only). A shared watchdog closes the
 * channel when one read waits too long; the read then fails, and is reported as a
 * {@link SocketTimeoutException}. Closing is the only way to end a blocked channel read, so the
 * connection is over after a timeout, as it is for the handler that sees it anyway.
 */
final class TimedReads extends InputStream {

    private static final ScheduledExecutorService WATCHDOG = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "switchboard-read-timeouts");
        thread.setDaemon(true);
        return thread;
    });

    private final InputStream in;
    private final Channel channel;
    private final long timeoutMillis;
    private volatile boolean timedOut;

    TimedReads(InputStream in, Channel channel, long timeoutMillis) {
        this.in = in;
        this.channel = channel;
        this.timeoutMillis = timeoutMillis;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        ScheduledFuture<?> alarm = WATCHDOG.schedule(this::expire, timeoutMillis, TimeUnit.MILLISECONDS);
        try {
            return in.read(buffer, offset, length);
        } catch (IOException e) {
            if (timedOut) {
                SocketTimeoutException timeout = new SocketTimeoutException("read timed out after " + timeoutMillis + " ms");
                timeout.initCause(e);
                throw timeout;
            }
            throw e;
        } finally {
            alarm.cancel(false);
        }
    }

    private void expire() {
        timedOut = true;
        try {
            channel.close();
        } catch (IOException ignored) {
            // closing is the point; nothing else to do
        }
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
