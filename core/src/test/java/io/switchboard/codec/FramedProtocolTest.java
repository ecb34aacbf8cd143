package io.switchboard.codec;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.testing.TransportDouble;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class FramedProtocolTest {

    private static TransportDouble transport() {
        return new TransportDouble(null, 1, new InetSocketAddress("127.0.0.1", 1), new InetSocketAddress("127.0.0.1", 2));
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
        TransportDouble transport = transport();
        Shout shout = new Shout();
        shout.connectionMade(transport);
        shout.dataReceived(ByteBuffer.wrap("he".getBytes(StandardCharsets.UTF_8)));
        shout.dataReceived(ByteBuffer.wrap("llo\nwor".getBytes(StandardCharsets.UTF_8)));
        shout.dataReceived(ByteBuffer.wrap("ld".getBytes(StandardCharsets.UTF_8)));
        shout.readEnded(transport);
        assertThat(transport.writtenText()).isEqualTo("HELLO\nWORLD\n");
        assertThat(transport.closes()).isEqualTo(1);
    }

    @Test
    void reportsTheUnfinishedFrameByNumberForTheSlowlorisGuard() {
        TransportDouble transport = transport();
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
        TransportDouble transport = transport();
        Shout shout = new Shout();
        shout.connectionMade(transport);
        shout.dataReceived(ByteBuffer.wrap("ok\nthis line is too long\nlater\n".getBytes(StandardCharsets.UTF_8)));
        shout.dataReceived(ByteBuffer.wrap("more\n".getBytes(StandardCharsets.UTF_8)));
        shout.readEnded(transport);
        assertThat(transport.writtenText()).isEqualTo("OK\n");
        assertThat(transport.closes()).isEqualTo(2); // once for the error, once at end of stream (harmless twice)
    }
}
