package io.switchboard.io.linux;

import io.switchboard.io.Events;
import io.switchboard.io.Interest;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Arrays;

/**
 * A poller over {@code select(2)}: two {@code fd_set} bitmaps rebuilt before every call and
 * scanned after it, so each poll costs time in proportion to the highest descriptor — and no
 * descriptor of 1024 or above can be watched at all. It exists to show (and measure) what the
 * tutorials say about select.
 */
final class SelectPoller extends NativePoller {

    private final Arena arena = Arena.ofShared();
    private final MemorySegment readSet = arena.allocate(Select.FD_SET_BYTES, 8);
    private final MemorySegment writeSet = arena.allocate(Select.FD_SET_BYTES, 8);
    private final MemorySegment timeval = arena.allocate(16, 8);
    private final Interest[] watched = new Interest[Select.FD_SETSIZE];
    private int[] fds = new int[64];
    private int count;

    SelectPoller() throws IOException {
        super("select");
        if (wakeup.fd() >= Select.FD_SETSIZE) {
            throw tooHigh(wakeup.fd());
        }
    }

    private static IllegalArgumentException tooHigh(int fd) {
        return new IllegalArgumentException("select cannot watch descriptor " + fd + ": select(2) handles only"
                + " descriptors below FD_SETSIZE (" + Select.FD_SETSIZE + "); use --poller poll or --poller epoll");
    }

    @Override
    void admit(int fd) {
        if (fd >= Select.FD_SETSIZE) {
            throw tooHigh(fd);
        }
    }

    @Override
    void add(int fd, Interest interest) {
        if (count == fds.length) {
            fds = Arrays.copyOf(fds, count * 2);
        }
        fds[count++] = fd;
        watched[fd] = interest;
    }

    @Override
    void change(int fd, Interest interest) {
        watched[fd] = interest;
    }

    @Override
    void remove(int fd) {
        for (int i = 0; i < count; i++) {
            if (fds[i] == fd) {
                fds[i] = fds[--count];
                break;
            }
        }
        watched[fd] = null;
    }

    @Override
    void await(long timeoutNanos) throws IOException {
        readSet.fill((byte) 0);
        writeSet.fill((byte) 0);
        int wake = wakeup.fd();
        Select.set(readSet, wake);
        int max = wake;
        for (int i = 0; i < count; i++) {
            int fd = fds[i];
            Interest interest = watched[fd];
            if (interest.readable()) {
                Select.set(readSet, fd);
            }
            if (interest.writable()) {
                Select.set(writeSet, fd);
            }
            max = Math.max(max, fd);
        }
        MemorySegment timeout = MemorySegment.NULL;
        if (timeoutNanos >= 0) {
            long micros = (timeoutNanos + 999) / 1000; // rounded up
            timeval.set(Libc.LONG, 0, micros / 1_000_000);
            timeval.set(Libc.LONG, 8, micros % 1_000_000);
            timeout = timeval;
        }
        int n = Select.await(max + 1, readSet, writeSet, timeout);
        if (n == 0) {
            return;
        }
        if (Select.isSet(readSet, wake)) {
            report(wake, Events.READABLE);
        }
        for (int i = 0; i < count; i++) {
            int fd = fds[i];
            int flags = (Select.isSet(readSet, fd) ? Events.READABLE : 0)
                    | (Select.isSet(writeSet, fd) ? Events.WRITABLE : 0);
            if (flags != 0) {
                report(fd, flags);
            }
        }
    }

    @Override
    void closeNative() {
        arena.close();
    }
}
