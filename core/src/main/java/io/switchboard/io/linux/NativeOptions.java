package io.switchboard.io.linux;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.net.SocketOption;
import java.net.StandardSocketOptions;

/** Maps {@link StandardSocketOptions} to {@code setsockopt} levels and names. */
final class NativeOptions {

    private NativeOptions() {
    }

    /** Sets {@code option}; options the socket's family does not have (TCP_NODELAY on a Unix socket) are ignored. */
    static <T> void set(int fd, int family, SocketOption<T> option, T value) throws IOException {
        boolean inet = family != Sockets.AF_UNIX;
        if (option == StandardSocketOptions.TCP_NODELAY) {
            if (inet) {
                Sockets.setIntOption(fd, Sockets.IPPROTO_TCP, Sockets.TCP_NODELAY, flag(value), "TCP_NODELAY");
            }
        } else if (option == StandardSocketOptions.SO_REUSEADDR) {
            Sockets.setIntOption(fd, Sockets.SOL_SOCKET, Sockets.SO_REUSEADDR, flag(value), "SO_REUSEADDR");
        } else if (option == StandardSocketOptions.SO_REUSEPORT) {
            if (inet) {
                Sockets.setIntOption(fd, Sockets.SOL_SOCKET, Sockets.SO_REUSEPORT, flag(value), "SO_REUSEPORT");
            }
        } else if (option == StandardSocketOptions.SO_KEEPALIVE) {
            Sockets.setIntOption(fd, Sockets.SOL_SOCKET, Sockets.SO_KEEPALIVE, flag(value), "SO_KEEPALIVE");
        } else if (option == StandardSocketOptions.SO_SNDBUF) {
            Sockets.setIntOption(fd, Sockets.SOL_SOCKET, Sockets.SO_SNDBUF, (Integer) value, "SO_SNDBUF");
        } else if (option == StandardSocketOptions.SO_RCVBUF) {
            Sockets.setIntOption(fd, Sockets.SOL_SOCKET, Sockets.SO_RCVBUF, (Integer) value, "SO_RCVBUF");
        } else if (option == StandardSocketOptions.SO_LINGER) {
            int seconds = (Integer) value;
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment linger = arena.allocate(8, 4); // struct linger { int l_onoff; int l_linger; }
                linger.set(Libc.INT, 0, seconds >= 0 ? 1 : 0);
                linger.set(Libc.INT, 4, Math.max(0, seconds));
                Sockets.setOption(fd, Sockets.SOL_SOCKET, Sockets.SO_LINGER, linger, "SO_LINGER=" + seconds);
            }
        }
        // other options: not used by the library; ignored as the StreamSocket contract allows
    }

    private static int flag(Object value) {
        return Boolean.TRUE.equals(value) ? 1 : 0;
    }
}
