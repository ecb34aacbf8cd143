package io.switchboard.io.linux;

import io.switchboard.io.Events;
import io.switchboard.io.Interest;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * A poller over {@code epoll(7)}, level-triggered ({@code epoll}) or edge-triggered
 * ({@code epoll-et}, EPOLLET). Registration changes are one {@code epoll_ctl} each; a poll is one
 * {@code epoll_wait} whose cost grows with the ready descriptors, not the registered ones — the
 * property the tutorials credit epoll with.
 */
final class EpollPoller extends NativePoller {

    private static final int MAX_EVENTS = 1024;

    private final int epfd;
    private final boolean edge;
    private final Arena arena = Arena.ofShared();
    private final MemorySegment ctlEvent = arena.allocate(Epoll.EVENT_SIZE, 8);
    private final MemorySegment ready = arena.allocate((long) Epoll.EVENT_SIZE * MAX_EVENTS, 8);

    EpollPoller(boolean edge) throws IOException {
        super(edge ? "epoll-et" : "epoll");
        this.edge = edge;
        this.epfd = Epoll.create();
        Epoll.ctl(epfd, Epoll.EPOLL_CTL_ADD, wakeup.fd(), Epoll.EPOLLIN, ctlEvent);
    }

    @Override
    public boolean edgeTriggered() {
        return edge;
    }

    private int mask(Interest interest) {
        int events = 0;
        if (interest.readable()) {
            events |= Epoll.EPOLLIN | Epoll.EPOLLRDHUP;
        }
        if (interest.writable()) {
            events |= Epoll.EPOLLOUT;
        }
        return edge ? events | Epoll.EPOLLET : events;
    }

    @Override
    void add(int fd, Interest interest) throws IOException {
        Epoll.ctl(epfd, Epoll.EPOLL_CTL_ADD, fd, mask(interest), ctlEvent);
    }

    @Override
    void change(int fd, Interest interest) throws IOException {
        Epoll.ctl(epfd, Epoll.EPOLL_CTL_MOD, fd, mask(interest), ctlEvent);
    }

    @Override
    void remove(int fd) throws IOException {
        Epoll.ctl(epfd, Epoll.EPOLL_CTL_DEL, fd, 0, ctlEvent);
    }

    @Override
    void await(long timeoutNanos) throws IOException {
        int max = Math.min(MAX_EVENTS, capacityHint());
        int n = Epoll.await(epfd, ready, max, timeoutMillis(timeoutNanos));
        for (int i = 0; i < n; i++) {
            int native_ = Epoll.eventsAt(ready, i);
            int flags = 0;
            if ((native_ & Epoll.EPOLLIN) != 0) {
                flags |= Events.READABLE;
            }
            if ((native_ & Epoll.EPOLLOUT) != 0) {
                flags |= Events.WRITABLE;
            }
            if ((native_ & Epoll.EPOLLERR) != 0) {
                flags |= Events.ERROR;
            }
            if ((native_ & (Epoll.EPOLLHUP | Epoll.EPOLLRDHUP)) != 0) {
                flags |= Events.HANGUP;
            }
            report(Epoll.fdAt(ready, i), flags);
        }
    }

    @Override
    void closeNative() throws IOException {
        try {
            Sockets.close(epfd);
        } finally {
            arena.close();
        }
    }
}
