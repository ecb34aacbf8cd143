package io.switchboard.io.linux;

import io.switchboard.io.StreamSocket;
import java.io.EOFException;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.net.ConnectException;
import java.net.SocketAddress;
import java.net.SocketOption;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/** A non-blocking TCP or Unix stream socket on a raw descriptor. */
final class NativeStreamSocket extends NativeSocket implements StreamSocket {

    private final int family;
    private final SocketAddress target;
    private boolean connectPending;
    private SocketAddress remote;

    NativeStreamSocket(int fd, int family, SocketAddress target, boolean connectPending) {
        super(fd);
        this.family = family;
        this.target = target;
        this.connectPending = connectPending;
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        int want = dst.remaining();
        if (want == 0) {
            return 0;
        }
        long n;
        if (dst.isDirect()) {
            n = Sockets.read(fd, Buffers.address(dst), want);
            java.lang.ref.Reference.reachabilityFence(dst);
            if (n > 0) {
                dst.position(dst.position() + (int) n);
            }
        } else {
            MemorySegment scratch = Buffers.scratch();
            n = Sockets.read(fd, scratch.address(), Math.min(want, Buffers.SCRATCH));
            if (n > 0) {
                Buffers.copyIn(scratch, dst, (int) n);
            }
        }
        if (n == -Errno.EAGAIN) {
            return 0;
        }
        return n == 0 ? -1 : (int) n;
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
        int want = src.remaining();
        if (want == 0) {
            return 0;
        }
        long n;
        if (src.isDirect()) {
            n = Sockets.write(fd, Buffers.address(src), want);
            java.lang.ref.Reference.reachabilityFence(src);
        } else {
            MemorySegment scratch = Buffers.scratch();
            int chunk = Math.min(want, Buffers.SCRATCH);
            Buffers.copyOut(src, scratch, chunk);
            n = Sockets.write(fd, scratch.address(), chunk);
        }
        if (n < 0) {
            return 0;
        }
        src.position(src.position() + (int) n);
        return (int) n;
    }

    /**
     * Reads a chunk of the file into this thread's native scratch area ({@code pread(2)}) and
     * writes it; bytes the socket did not take are read again on the next call. One copy through
     * user space: a {@link FileChannel} does not expose its descriptor for {@code sendfile(2)}.
     */
    @Override
    public long transferFrom(FileChannel file, long position, long count) throws IOException {
        if (count <= 0) {
            return 0;
        }
        ByteBuffer view = Buffers.scratchView();
        view.clear().limit((int) Math.min(count, Buffers.SCRATCH));
        int read = file.read(view, position);
        if (read <= 0) {
            throw new EOFException("the file ended at " + file.size() + " bytes, before " + (position + count));
        }
        long n = Sockets.write(fd, Buffers.scratch().address(), read);
        return n < 0 ? 0 : n;
    }

    /**
     * Gathering write: consecutive heap buffers are packed into the scratch area and sent with one
     * {@code write(2)} (they would be copied there one by one anyway); a direct buffer is written
     * on its own.
     */
    @Override
    public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
        long total = 0;
        int i = offset;
        int end = offset + length;
        while (i < end) {
            if (srcs[i].isDirect()) {
                int want = srcs[i].remaining();
                int written = write(srcs[i]);
                total += written;
                if (written < want) {
                    return total;
                }
                i++;
                continue;
            }
            MemorySegment scratch = Buffers.scratch();
            int packed = 0;
            int first = i;
            while (i < end && !srcs[i].isDirect() && packed < Buffers.SCRATCH) {
                int chunk = Math.min(srcs[i].remaining(), Buffers.SCRATCH - packed);
                Buffers.copyOut(srcs[i], scratch, packed, chunk);
                packed += chunk;
                if (chunk < srcs[i].remaining()) {
                    break;
                }
                i++;
            }
            long n = packed == 0 ? 0 : Sockets.write(fd, scratch.address(), packed);
            long written = Math.max(0, n);
            total += written;
            for (int j = first; written > 0; j++) { // advance the buffers past what was sent
                int step = (int) Math.min(written, srcs[j].remaining());
                srcs[j].position(srcs[j].position() + step);
                written -= step;
            }
            if (n < packed) {
                return total;
            }
        }
        return total;
    }

    @Override
    public boolean finishConnect() throws IOException {
        if (!connectPending) {
            return true;
        }
        int error = Sockets.getIntOption(fd, Sockets.SOL_SOCKET, Sockets.SO_ERROR, "SO_ERROR");
        if (error == Errno.EINPROGRESS || error == Errno.EALREADY) {
            return false;
        }
        if (error != 0) {
            IOException failure = Errno.exception("connect(fd=" + fd + ", " + target + ")", error);
            if (!(failure instanceof ConnectException) && error == Errno.ECONNREFUSED) {
                throw new ConnectException(failure.getMessage());
            }
            throw failure;
        }
        connectPending = false;
        return true;
    }

    @Override
    public boolean isConnectPending() {
        return connectPending;
    }

    @Override
    public void shutdownOutput() throws IOException {
        Sockets.shutdownOutput(fd);
    }

    @Override
    public SocketAddress remoteAddress() throws IOException {
        if (remote == null) {
            if (connectPending) {
                return target;
            }
            try {
                remote = address(true);
            } catch (IOException e) {
                return target;
            }
            if (remote == null && target != null) {
                remote = target;
            }
        }
        return remote;
    }

    @Override
    public SocketAddress localAddress() throws IOException {
        SocketAddress address = address(false);
        return address != null || family != Sockets.AF_UNIX ? address : java.net.UnixDomainSocketAddress.of("");
    }

    /** Native sockets serve the reactor; the blocking servers use the nio backend's sockets. */
    @Override
    public io.switchboard.io.BlockingStream blocking(java.time.Duration readTimeout) {
        throw new UnsupportedOperationException("blocking streams are not available on the native backend; "
                + "blocking servers (--model iterative, threads, virtual) use the nio backend");
    }

    @Override
    public <T> void setOption(SocketOption<T> option, T value) throws IOException {
        NativeOptions.set(fd, family, option, value);
    }

}
