package io.switchboard.services.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.endpoint.Endpoint;
import io.switchboard.reactor.Listener;
import io.switchboard.reactor.Protocol;
import io.switchboard.reactor.Reactor;
import io.switchboard.reactor.Transport;
import io.switchboard.services.http.websocket.WebSocketOptions;
import io.switchboard.services.http.websocket.WebSocketSession;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A WebSocket session over loopback, without HTTP in front: an echo application behind it, a raw
 * socket client sending frames by hand. Ping, the close handshake, refusals, the idle ping.
 */
@Timeout(30)
class WebSocketSessionTest {

    /** Sends every text message back, upper-cased, as one write. */
    private static final class UpperEcho implements Protocol {
        private Transport transport;

        @Override
        public void connectionMade(Transport t) {
            transport = t;
        }

        @Override
        public void dataReceived(ByteBuffer message) {
            String text = StandardCharsets.UTF_8.decode(message).toString();
            if (text.equals("bye")) {
                transport.loseConnection();
            } else {
                transport.write(text.toUpperCase().getBytes(StandardCharsets.UTF_8));
            }
        }
    }

    /**
     * Pauses reading at once (as chat flood control does), sends {@code TICKS} text frames on a
     * timer, then resumes reading.
     */
    private static final class PausedTicker implements Protocol {
        static final int TICKS = 20;
        private Transport transport;
        private io.switchboard.reactor.Timer timer;
        private int sent;

        @Override
        public void connectionMade(Transport t) {
            transport = t;
            t.pauseReading();
            timer = t.eventLoop().every(Duration.ofMillis(50), this::tick);
        }

        private void tick() {
            transport.write(("tick " + sent).getBytes(StandardCharsets.UTF_8));
            if (++sent == TICKS) {
                timer.cancel();
                transport.resumeReading();
            }
        }

        @Override
        public void dataReceived(ByteBuffer message) {
            message.position(message.limit());
        }
    }

    private Reactor reactor;
    private Endpoint endpoint;
    private Endpoint pinging;
    private Endpoint pausing;

    @BeforeEach
    void start() throws Exception {
        reactor = Reactor.builder().loops(2).name("ws-test").build();
        WebSocketOptions options = WebSocketOptions.DEFAULTS.withMaxMessageBytes(1024);
        Listener listener = reactor.listen(Endpoint.parse("tcp://127.0.0.1:0"),
                remote -> new WebSocketSession(new UpperEcho(), options));
        endpoint = listener.endpoint();
        WebSocketOptions impatient = options.withPingInterval(Duration.ofMillis(200));
        pinging = reactor.listen(Endpoint.parse("tcp://127.0.0.1:0"),
                remote -> new WebSocketSession(new UpperEcho(), impatient)).endpoint();
        pausing = reactor.listen(Endpoint.parse("tcp://127.0.0.1:0"),
                remote -> new WebSocketSession(new PausedTicker(), impatient)).endpoint();
    }

    @AfterEach
    void stop() {
        reactor.shutdown(Duration.ofSeconds(2));
    }

    @Test
    void textIsAnsweredPingIsPongedAndTheCloseCodeIsEchoed() throws Exception {
        try (RawWebSocket client = new RawWebSocket(endpoint)) {
            client.send(ClientFrames.text("héllo"));
            RawWebSocket.Frame answer = client.readUntil(0x1);
            assertThat(answer.text()).isEqualTo("HÉLLO");
            client.send(ClientFrames.frame(0x9, "are you there".getBytes(StandardCharsets.UTF_8)));
            assertThat(client.readUntil(0xA).text()).isEqualTo("are you there");
            client.send(ClientFrames.close(1001, "leaving"));
            assertThat(client.readUntil(0x8).closeCode()).isEqualTo(1001);
            assertThat(client.closedByServer()).isTrue();
        }
    }

    @Test
    void anApplicationCloseSends1000ThenClosesTheConnection() throws Exception {
        try (RawWebSocket client = new RawWebSocket(endpoint)) {
            client.send(ClientFrames.text("bye"));
            assertThat(client.readUntil(0x8).closeCode()).isEqualTo(1000);
            assertThat(client.closedByServer()).isTrue();
        }
    }

    @Test
    void badInputGetsItsCloseCodeAndLeavesOtherConnectionsAlone() throws Exception {
        try (RawWebSocket bystander = new RawWebSocket(endpoint)) {
            assertRefused(ClientFrames.close(1005, ""), 1002);
            assertRefused(ClientFrames.frame(true, 4, 0x1, true, new byte[0]), 1002);
            assertRefused(ClientFrames.frame(true, 0, 0x1, false, "hi".getBytes(StandardCharsets.UTF_8)), 1002);
            assertRefused(ClientFrames.frame(0x1, new byte[] {(byte) 0xC0, (byte) 0xAF}), 1007);
            assertRefused(ClientFrames.frame(0x1, new byte[1025]), 1009);
            assertRefused(ClientFrames.frame(0x2, new byte[3]), 1003);
            bystander.send(ClientFrames.text("still here"));
            assertThat(bystander.readUntil(0x1).text()).isEqualTo("STILL HERE");
        }
    }

    private void assertRefused(byte[] frames, int code) throws Exception {
        try (RawWebSocket client = new RawWebSocket(endpoint)) {
            client.send(frames);
            RawWebSocket.Frame close = client.readUntil(0x8);
            assertThat(close.closeCode()).isEqualTo(code);
            assertThat(close.payload().length).as("a reason follows the code").isGreaterThan(2);
            assertThat(client.closedByServer()).isTrue();
        }
    }

    @Test
    void aSilentPeerIsPingedAndDroppedWhenItDoesNotAnswer() throws Exception {
        try (RawWebSocket client = new RawWebSocket(pinging)) {
            RawWebSocket.Frame ping = client.read();
            assertThat(ping.opcode()).isEqualTo(0x9);
            assertThat(client.closedByServer()).isTrue();
        }
    }

    @Test
    void aSilentPeerIsNotPingedWhileTheApplicationHasPausedReading() throws Exception {
        // 20 ticks of 50 ms: five ping intervals of 200 ms, in which a silent peer would be dropped
        try (RawWebSocket client = new RawWebSocket(pausing)) {
            for (int i = 0; i < PausedTicker.TICKS; i++) {
                RawWebSocket.Frame frame = client.read();
                assertThat(frame.opcode()).as("frame %d while paused", i).isEqualTo(0x1);
                assertThat(frame.text()).isEqualTo("tick " + i);
            }
            // reading resumed: now silence counts again
            assertThat(client.readUntil(0x9).opcode()).isEqualTo(0x9);
            assertThat(client.closedByServer()).isTrue();
        }
    }

    @Test
    void aPeerAnsweringPingsStaysConnected() throws Exception {
        try (RawWebSocket client = new RawWebSocket(pinging)) {
            for (int i = 0; i < 4; i++) {
                RawWebSocket.Frame ping = client.readUntil(0x9);
                client.send(ClientFrames.frame(0xA, ping.payload()));
            }
            client.send(ClientFrames.text("alive"));
            assertThat(client.readUntil(0x1).text()).isEqualTo("ALIVE");
        }
    }
}
