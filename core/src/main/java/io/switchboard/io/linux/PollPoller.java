package io.switchboard.io.linux;

import io.switchboard.io.Events;
import io.switchboard.io.Interest;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Arrays;

/**
 * A poller over {@code poll(2)}: one {@code struct pollfd} array kept up to date in place
 * (entry 0 is the wakeup eventfd), handed whole to the kernel on each poll, so its cost grows
 * with the registered descriptors — the tutorials' point about poll.
 */
final class PollPoller extends NativePoller {

    private final Arena arena = Arena.ofShared();
    private MemorySegment fds;
    private int count;
    private int[] slotOf = new int[256];

    PollPoller() throws IOException {
        super("poll");
        fds = arena.allocate((long) Poll.SIZE * 64, 8);
        Arrays.fill(slotOf, -1);
        append(wakeup.fd(), Poll.POLLIN);
    }

    private static short mask(Interest interest) {
        int events = (interest.readable() ? Poll.POLLIN | Poll.POLLRDHUP : 0) | (interest.writable() ? Poll.POLLOUT : 0);
        return (short) events;
    }

    private void append(int fd, short events) {
        if ((long) (count + 1) * Poll.SIZE > fds.byteSize()) {
            MemorySegment bigger = arena.allocate(fds.byteSize() * 2, 8);
            MemorySegment.copy(fds, 0, bigger, 0, (long) count * Poll.SIZE);
            fds = bigger;
        }
        long at = (long) count * Poll.SIZE;
        fds.set(Libc.INT, at, fd);
        fds.set(Libc.SHORT, at + 4, events);
        fds.set(Libc.SHORT, at + 6, (short) 0);
        if (fd >= slotOf.length) {
            int old = slotOf.length;
            slotOf = Arrays.copyOf(slotOf, Math.max(fd + 1, old * 2));
            Arrays.fill(slotOf, old, slotOf.length, -1);
        }
        slotOf[fd] = count++;
    }

    @Override
    void add(int fd, Interest interest) {
        append(fd, mask(interest));
    }

    @Override
    void change(int fd, Interest interest) {
        fds.set(Libc.SHORT, (long) slotOf[fd] * Poll.SIZE + 4, mask(interest));
    }

    @Override
    void remove(int fd) {
        int slot = slotOf[fd];
        int last = count - 1;
        if (slot != last) {
            MemorySegment.copy(fds, (long) last * Poll.SIZE, fds, (long) slot * Poll.SIZE, Poll.SIZE);
            slotOf[fds.get(Libc.INT, (long) slot * Poll.SIZE)] = slot;
        }
        slotOf[fd] = -1;
        count--;
    }

    @Override
    void await(long timeoutNanos) throws IOException {
        int n = Poll.await(fds, count, timeoutMillis(timeoutNanos));
        for (int i = 0; i < count && n > 0; i++) {
            long at = (long) i * Poll.SIZE;
            int revents = fds.get(Libc.SHORT, at + 6);
            if (revents == 0) {
                continue;
            }
            n--;
            int flags = 0;
            if ((revents & Poll.POLLIN) != 0) {
                flags |= Events.READABLE;
            }
            if ((revents & Poll.POLLOUT) != 0) {
                flags |= Events.WRITABLE;
            }
            if ((revents & (Poll.POLLERR | Poll.POLLNVAL)) != 0) {
                flags |= Events.ERROR;
            }
            if ((revents & (Poll.POLLHUP | Poll.POLLRDHUP)) != 0) {
                flags |= Events.HANGUP;
            }
            report(fds.get(Libc.INT, at), flags);
        }
    }

    @Override
    void closeNative() {
        arena.close();
    }
}
