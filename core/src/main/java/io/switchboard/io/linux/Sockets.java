package io.switchboard.io.linux;

import static io.switchboard.io.linux.Libc.INT;
import static io.switchboard.io.linux.Libc.LONG;
import static io.switchboard.io.linux.Libc.POINTER;

import java.io.IOException;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

/**
 * Bindings to the socket calls: {@code socket}, {@code bind}, {@code listen}, {@code accept4},
 * {@code connect}, {@code read}, {@code write}, {@code recvfrom}, {@code sendto},
 * {@code shutdown}, {@code close}, {@code setsockopt}, {@code getsockopt}, {@code getsockname},
 * {@code getpeername}, {@code fcntl}.
 *
 * <p>Raw ints in and out. Calls that may legitimately "fail" on a non-blocking socket
 * ({@code EAGAIN}, {@code EINPROGRESS}) return {@code -errno} so the caller decides; every other
 * failure throws the exception {@link Errno#exception} makes. Thread-safe (stateless).
 */
final class Sockets {

    static final int AF_UNIX = 1;
    static final int AF_INET = 2;
    static final int AF_INET6 = 10;
    static final int SOCK_STREAM = 1;
    static final int SOCK_DGRAM = 2;
    static final int SOCK_NONBLOCK = 0x800;
    static final int SOCK_CLOEXEC = 0x80000;
    static final int SOL_SOCKET = 1;
    static final int SO_REUSEADDR = 2;
    static final int SO_ERROR = 4;
    static final int SO_SNDBUF = 7;
    static final int SO_RCVBUF = 8;
    static final int SO_KEEPALIVE = 9;
    static final int SO_LINGER = 13;
    static final int SO_REUSEPORT = 15;
    static final int SO_RCVTIMEO = 20;
    static final int IPPROTO_TCP = 6;
    static final int TCP_NODELAY = 1;
    static final int IPPROTO_IPV6 = 41;
    static final int IPV6_V6ONLY = 26;
    static final int SHUT_WR = 1;
    static final int F_GETFL = 3;
    static final int F_SETFL = 4;
    static final int O_NONBLOCK = 0x800;

    private static final MethodHandle SOCKET = Libc.function("socket", FunctionDescriptor.of(INT, INT, INT, INT));
    private static final MethodHandle BIND = Libc.function("bind", FunctionDescriptor.of(INT, INT, POINTER, INT));
    private static final MethodHandle LISTEN = Libc.function("listen", FunctionDescriptor.of(INT, INT, INT));
    private static final MethodHandle ACCEPT4 =
            Libc.function("accept4", FunctionDescriptor.of(INT, INT, POINTER, POINTER, INT));
    private static final MethodHandle CONNECT = Libc.function("connect", FunctionDescriptor.of(INT, INT, POINTER, INT));
    // The data pointer of read/write/recvfrom/sendto is passed as a raw address (a 64-bit integer on
    // LP64): wrapping a ByteBuffer in a MemorySegment for every call would allocate on the hot path.
    private static final MethodHandle READ = Libc.function("read", FunctionDescriptor.of(LONG, INT, LONG, LONG));
    private static final MethodHandle WRITE = Libc.function("write", FunctionDescriptor.of(LONG, INT, LONG, LONG));
    private static final MethodHandle RECVFROM = Libc.function("recvfrom",
            FunctionDescriptor.of(LONG, INT, LONG, LONG, INT, POINTER, POINTER));
    private static final MethodHandle SENDTO = Libc.function("sendto",
            FunctionDescriptor.of(LONG, INT, LONG, LONG, INT, POINTER, INT));
    private static final MethodHandle SHUTDOWN = Libc.function("shutdown", FunctionDescriptor.of(INT, INT, INT));
    private static final MethodHandle CLOSE = Libc.function("close", FunctionDescriptor.of(INT, INT));
    private static final MethodHandle SETSOCKOPT =
            Libc.function("setsockopt", FunctionDescriptor.of(INT, INT, INT, INT, POINTER, INT));
    private static final MethodHandle GETSOCKOPT =
            Libc.function("getsockopt", FunctionDescriptor.of(INT, INT, INT, INT, POINTER, POINTER));
    private static final MethodHandle GETSOCKNAME =
            Libc.function("getsockname", FunctionDescriptor.of(INT, INT, POINTER, POINTER));
    private static final MethodHandle GETPEERNAME =
            Libc.function("getpeername", FunctionDescriptor.of(INT, INT, POINTER, POINTER));
    private static final MethodHandle FCNTL = Libc.function("fcntl", FunctionDescriptor.of(INT, INT, INT, INT),
            Linker.Option.firstVariadicArg(2));

    private Sockets() {
    }

    static int socket(int family, int type) throws IOException {
        int fd;
        try {
            fd = (int) SOCKET.invokeExact(Libc.capture(), family, type | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
        if (fd < 0) {
            throw Errno.exception("socket(family=" + family + ", type=" + type + ")", Libc.errno());
        }
        return fd;
    }

    static void bind(int fd, MemorySegment address, int length, String what) throws IOException {
        int result;
        try {
            result = (int) BIND.invokeExact(Libc.capture(), fd, address, length);
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
        if (result < 0) {
            throw Errno.exception("bind(fd=" + fd + ", " + what + ")", Libc.errno());
        }
    }

    static void listen(int fd, int backlog) throws IOException {
        int result;
        try {
            result = (int) LISTEN.invokeExact(Libc.capture(), fd, backlog);
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
        if (result < 0) {
            throw Errno.exception("listen(fd=" + fd + ", backlog=" + backlog + ")", Libc.errno());
        }
    }

    /** Returns the new descriptor (non-blocking, close-on-exec), or {@code -EAGAIN} when none waits. */
    static int accept(int fd) throws IOException {
        int result;
        try {
            result = (int) ACCEPT4.invokeExact(Libc.capture(), fd, MemorySegment.NULL, MemorySegment.NULL,
                    SOCK_NONBLOCK | SOCK_CLOEXEC);
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
        if (result >= 0) {
            return result;
        }
        int errno = Libc.errno();
        if (errno == Errno.EAGAIN || errno == Errno.EINTR || errno == Errno.ECONNABORTED) {
            return -Errno.EAGAIN;
        }
        throw Errno.exception("accept4(fd=" + fd + ")", errno);
    }

    /** Returns 0 when connected at once, {@code -EINPROGRESS} when the connect goes on in the background. */
    static int connect(int fd, MemorySegment address, int length, String what) throws IOException {
        int result;
        try {
            result = (int) CONNECT.invokeExact(Libc.capture(), fd, address, length);
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
        if (result == 0) {
            return 0;
        }
        int errno = Libc.errno();
        if (errno == Errno.EINPROGRESS || errno == Errno.EINTR || errno == Errno.EAGAIN) {
            return -Errno.EINPROGRESS;
        }
        throw Errno.exception("connect(fd=" + fd + ", " + what + ")", errno);
    }

    /** Bytes read, 0 at end of stream, {@code -EAGAIN} if nothing is available. */
    static long read(int fd, long address, long length) throws IOException {
        long result;
        try {
            result = (long) READ.invokeExact(Libc.capture(), fd, address, length);
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
        if (result >= 0) {
            return result;
        }
        int errno = Libc.errno();
        if (errno == Errno.EAGAIN || errno == Errno.EINTR) {
            return -Errno.EAGAIN;
        }
        throw Errno.exception("read(fd=" + fd + ")", errno);
    }

    /** Bytes written, {@code -EAGAIN} if the send buffer is full. */
    static long write(int fd, long address, long length) throws IOException {
        long result;
        try {
            result = (long) WRITE.invokeExact(Libc.capture(), fd, address, length);
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
        if (result >= 0) {
            return result;
        }
        int errno = Libc.errno();
        if (errno == Errno.EAGAIN || errno == Errno.EINTR) {
            return -Errno.EAGAIN;
        }
        throw Errno.exception("write(fd=" + fd + ")", errno);
    }

    /** Bytes received (the sender written to {@code from}), {@code -EAGAIN} if no datagram waits. */
    static long recvfrom(int fd, long address, long length, MemorySegment from, MemorySegment fromLength)
            throws IOException {
        long result;
        try {
            result = (long) RECVFROM.invokeExact(Libc.capture(), fd, address, length, 0, from, fromLength);
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
        if (result >= 0) {
            return result;
        }
        int errno = Libc.errno();
        if (errno == Errno.EAGAIN || errno == Errno.EINTR) {
            return -Errno.EAGAIN;
        }
        throw Errno.exception("recvfrom(fd=" + fd + ")", errno);
    }

    /** Bytes sent, {@code -EAGAIN} if the send buffer is full. */
    static long sendto(int fd, long address, long length, MemorySegment to, int toLength, String what)
            throws IOException {
        long result;
        try {
            result = (long) SENDTO.invokeExact(Libc.capture(), fd, address, length, 0, to, toLength);
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
        if (result >= 0) {
            return result;
        }
        int errno = Libc.errno();
        if (errno == Errno.EAGAIN || errno == Errno.EINTR || errno == Errno.ENOBUFS) {
            return -Errno.EAGAIN;
        }
        throw Errno.exception("sendto(fd=" + fd + ", " + what + ")", errno);
    }

    static void shutdownOutput(int fd) throws IOException {
        int result;
        try {
            result = (int) SHUTDOWN.invokeExact(Libc.capture(), fd, SHUT_WR);
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
        if (result < 0 && Libc.errno() != Errno.ENOTCONN) {
            throw Errno.exception("shutdown(fd=" + fd + ", SHUT_WR)", Libc.errno());
        }
    }

    static void close(int fd) throws IOException {
        int result;
        try {
            result = (int) CLOSE.invokeExact(Libc.capture(), fd);
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
        if (result < 0 && Libc.errno() != Errno.EINTR) { // after EINTR the descriptor is gone on Linux
            throw Errno.exception("close(fd=" + fd + ")", Libc.errno());
        }
    }

    static void setIntOption(int fd, int level, int option, int value, String name) throws IOException {
        try (java.lang.foreign.Arena arena = java.lang.foreign.Arena.ofConfined()) {
            MemorySegment cell = arena.allocate(INT);
            cell.set(INT, 0, value);
            setOption(fd, level, option, cell, name + "=" + value);
        }
    }

    static void setOption(int fd, int level, int option, MemorySegment value, String what) throws IOException {
        int result;
        try {
            result = (int) SETSOCKOPT.invokeExact(Libc.capture(), fd, level, option, value, (int) value.byteSize());
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
        if (result < 0) {
            throw Errno.exception("setsockopt(fd=" + fd + ", " + what + ")", Libc.errno());
        }
    }

    static int getIntOption(int fd, int level, int option, String name) throws IOException {
        try (java.lang.foreign.Arena arena = java.lang.foreign.Arena.ofConfined()) {
            MemorySegment cell = arena.allocate(INT);
            MemorySegment length = arena.allocate(INT);
            length.set(INT, 0, 4);
            int result;
            try {
                result = (int) GETSOCKOPT.invokeExact(Libc.capture(), fd, level, option, cell, length);
            } catch (Throwable t) {
                throw Libc.rethrow(t);
            }
            if (result < 0) {
                throw Errno.exception("getsockopt(fd=" + fd + ", " + name + ")", Libc.errno());
            }
            return cell.get(INT, 0);
        }
    }

    /** {@code getsockname} ({@code peer=false}) or {@code getpeername} into {@code address}; returns the length. */
    static int name(int fd, boolean peer, MemorySegment address, MemorySegment length) throws IOException {
        length.set(INT, 0, (int) address.byteSize());
        int result;
        try {
            result = peer ? (int) GETPEERNAME.invokeExact(Libc.capture(), fd, address, length)
                    : (int) GETSOCKNAME.invokeExact(Libc.capture(), fd, address, length);
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
        if (result < 0) {
            throw Errno.exception((peer ? "getpeername" : "getsockname") + "(fd=" + fd + ")", Libc.errno());
        }
        return length.get(INT, 0);
    }

    /** Sets or clears O_NONBLOCK. */
    static void setBlocking(int fd, boolean blocking) throws IOException {
        int flags;
        int result;
        try {
            flags = (int) FCNTL.invokeExact(Libc.capture(), fd, F_GETFL, 0);
            if (flags < 0) {
                throw Errno.exception("fcntl(fd=" + fd + ", F_GETFL)", Libc.errno());
            }
            int wanted = blocking ? flags & ~O_NONBLOCK : flags | O_NONBLOCK;
            result = (int) FCNTL.invokeExact(Libc.capture(), fd, F_SETFL, wanted);
        } catch (IOException e) {
            throw e;
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
        if (result < 0) {
            throw Errno.exception("fcntl(fd=" + fd + ", F_SETFL)", Libc.errno());
        }
    }
}
