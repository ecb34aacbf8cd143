package io.switchboard.io.linux;

/** What a native poller needs of a socket: its descriptor, and a note of the poller it is registered with. */
sealed interface NativeDescriptor permits NativeSocket {

    /** The file descriptor, or -1 once closed. */
    int fd();

    /** Remembers (or, with {@code null}, forgets) the poller this socket is registered with. */
    void registeredWith(NativePoller poller);

    /** The poller it is registered with, or {@code null}. */
    NativePoller registeredWith();
}
