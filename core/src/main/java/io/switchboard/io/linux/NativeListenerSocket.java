package io.switchboard.io.linux;

import io.switchboard.io.ListenerSocket;
import io.switchboard.io.StreamSocket;
import java.io.IOException;

/** A non-blocking listening TCP or Unix stream socket on a raw descriptor. */
final class NativeListenerSocket extends NativeSocket implements ListenerSocket {

    private final int family;

    NativeListenerSocket(int fd, int family) {
        super(fd);
        this.family = family;
    }

    @Override
    public StreamSocket accept() throws IOException {
        int accepted = Sockets.accept(fd);
        if (accepted < 0) {
            return null;
        }
        return new NativeStreamSocket(accepted, family, null, false);
    }

}
