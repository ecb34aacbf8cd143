package io.switchboard.codec;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.reactor.EventLoop;
import io.switchboard.reactor.Transport;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FramedProtocolTest {

    /** Records what a protocol does to its transport. */
    static final class RecordingTransport implements Transport {
        final List<String> written = new ArrayList<>();
        int closes;

        @Override
        public void write(ByteBuffer data) {
            written.add(StandardCharsets.UTF_8.decode(data).toString());
        }

        @Override
        public void write(byte[] data) {
            written.add(new String(data, StandardCharsets.UTF_8));
        }

        @Override
        public java.util.concurrent.CompletionStage<Long> sendFile(java.nio.channels.FileChannel file, long position,
                long count) {
            throw new UnsupportedOperationException("framers never send files");
        }

        @Override
        public void loseConnection() {
            closes++;
        }

        @Override
        public void abortConnection() {
            closes++;
        }

        @Override
        public void shutdownOutput() {
        }

        @Override
        public void pauseReading() {
        }

        @Override
        public void resumeReading() {
        }

        @Override
        public boolean isWritable() {
            return true;
        }

        @Override
        public long queuedBytes() {
            return 0;
        }

        @Override
        public boolean isOpen() {
            return closes == 0;
        }

        @Override
        public SocketAddress localAddress() {
            return new InetSocketAddress("127.0.0.1", 1);
        }

        @Override
        public SocketAddress remoteAddress() {
            return new InetSocketAddress("127.0.0.1", 2);
        }

        @Override
        public long id() {
            return 1;
        }

        @Override
        public EventLoop eventLoop() {
            throw new UnsupportedOperationException("the recording transport has no event loop");
        }
    }

    /** Answers every line upper-cased. */
    static final class Shout extends FramedProtocol {
        Shout() {
            super(new LineFramer(8));
        }

        @Override
        protected void frameReceived(ByteBuffer frame) {
            String line = StandardCharsets.UTF_8.decode(frame).toString().toUpperCase() + "\n";
            transport().write(line.getBytes(StandardCharsets.UTF_8));
        }
    }

    @Test
    void deliversWholeLinesAndTheLastOneAtEndOfStream() {
        RecordingTransport transport = new RecordingTransport();
        Shout shout = new Shout();
        shout.connectionMade(transport);
        shout.dataReceived(ByteBuffer.wrap("he".getBytes(StandardCharsets.UTF_8)));
        shout.dataReceived(ByteBuffer.wrap("llo\nwor".getBytes(StandardCharsets.UTF_8)));
        shout.dataReceived(ByteBuffer.wrap("ld".getBytes(StandardCharsets.UTF_8)));
        shout.readEnded(transport);
        assertThat(transport.written).containsExactly("HELLO\n", "WORLD\n");
        assertThat(transport.closes).isEqualTo(1);
    }

    @Test
    void reportsTheUnfinishedFrameByNumberForTheSlowlorisGuard() {
        RecordingTransport transport = new RecordingTransport();
        Shout shout = new Shout();
        shout.connectionMade(transport);
        assertThat(shout.unfinishedMessage()).isZero();
        shout.dataReceived(ByteBuffer.wrap("he".getBytes(StandardCharsets.UTF_8)));
        assertThat(shout.unfinishedMessage()).isEqualTo(1);
        shout.dataReceived(ByteBuffer.wrap("l".getBytes(StandardCharsets.UTF_8)));
        assertThat(shout.unfinishedMessage()).as("the same frame still trickling").isEqualTo(1);
        shout.dataReceived(ByteBuffer.wrap("lo\nwo".getBytes(StandardCharsets.UTF_8)));
        assertThat(shout.unfinishedMessage()).as("a new frame started").isEqualTo(2);
        shout.dataReceived(ByteBuffer.wrap("rld\n".getBytes(StandardCharsets.UTF_8)));
        assertThat(shout.unfinishedMessage()).as("whole frames only").isZero();
    }

    @Test
    void anOversizeLineClosesTheConnectionOnceAndStopsDelivery() {
        RecordingTransport transport = new RecordingTransport();
        Shout shout = new Shout();
        shout.connectionMade(transport);
        shout.dataReceived(ByteBuffer.wrap("ok\nthis line is too long\nlater\n".getBytes(StandardCharsets.UTF_8)));
        shout.dataReceived(ByteBuffer.wrap("more\n".getBytes(StandardCharsets.UTF_8)));
        shout.readEnded(transport);
        assertThat(transport.written).containsExactly("OK\n");
        assertThat(transport.closes).isEqualTo(2); // once for the error, once at end of stream (harmless twice)
    }
}
