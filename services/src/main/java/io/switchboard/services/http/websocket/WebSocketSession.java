package io.switchboard.services.http.websocket;

import io.switchboard.reactor.CloseReason;
import io.switchboard.reactor.Protocol;
import io.switchboard.reactor.Timer;
import io.switchboard.reactor.Transport;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;

/**
 * One WebSocket connection after the handshake: decodes the client's frames, answers pings,
 * runs the close handshake and the idle ping, and hands every text message to an application
 * {@link Protocol} — one {@code dataReceived} per whole message, its UTF-8 bytes. The
 * application writes through a {@link Transport} that sends each write as one text frame and
 * whose {@code loseConnection} sends a close frame first.
 *
 * <pre>
 *   client frames ─▶ FrameDecoder ─┬─ text ──────────▶ application.dataReceived(message)
 *                                  ├─ binary ────────▶ close 1003
 *                                  ├─ ping ──────────▶ pong (same payload)
 *                                  ├─ close ─────────▶ close echoed, then TCP closed
 *                                  └─ bad frame ─────▶ close 1002 / 1007 / 1009, then TCP closed
 *   application writes ─▶ MessageTransport ─▶ one text frame per write
 * </pre>
 *
 * <p>Idle ping: when the client has sent nothing for {@link WebSocketOptions#pingInterval()} it is
 * pinged; if it still sends nothing (no pong) for another interval, the connection is aborted, so
 * a browser that vanished without closing (a laptop lid, a dropped network) is noticed. While the
 * application has paused reading the clock stands still: the peer's answer would sit unread.
 *
 * <p>Thread-safety: the protocol callbacks run on the connection's event loop, one at a time; the
 * application's transport may be written from any thread.
 */
public final class WebSocketSession implements Protocol, FrameDecoder.Messages {

    private static final Logger LOG = System.getLogger(WebSocketSession.class.getName());
    private static final byte[] EMPTY_PING = FrameEncoder.frame(Opcode.PING, new byte[0]);

    private final Protocol application;
    private final WebSocketOptions options;
    private final FrameDecoder decoder;
    private Transport transport;
    private MessageTransport messages;
    private Timer idlePing;
    private long lastHeard = System.nanoTime();
    private long pingSentAt;
    private boolean pingOutstanding;
    private volatile CloseReason failure;

    /** A session handing text messages to {@code application}, within {@code options}' limits. */
    public WebSocketSession(Protocol application, WebSocketOptions options) {
        this.application = application;
        this.options = options;
        this.decoder = new FrameDecoder(options.maxMessageBytes());
    }

    @Override
    public void connectionMade(Transport t) {
        transport = t;
        messages = new MessageTransport(t);
        idlePing = t.eventLoop().every(options.pingInterval(), this::checkAlive);
        application.connectionMade(messages);
    }

    @Override
    public void dataReceived(ByteBuffer data) {
        lastHeard = System.nanoTime();
        pingOutstanding = false;
        if (decoder.closeSeen() || messages.closeSent()) {
            data.position(data.limit()); // closing: the peer's further frames do not matter
            return;
        }
        try {
            decoder.feed(data, this);
        } catch (WebSocketProtocolException e) {
            data.position(data.limit());
            refuse(e.closeCode(), e.getMessage());
        }
    }

    // ---- FrameDecoder.Messages ---------------------------------------------------------------

    @Override
    public void text(ByteBuffer utf8) {
        if (!messages.closeSent()) {
            application.dataReceived(utf8);
        }
    }

    @Override
    public void binary(ByteBuffer bytes) {
        refuse(CloseCodes.UNSUPPORTED_DATA, "binary messages are not accepted (" + bytes.remaining() + " bytes)");
    }

    @Override
    public void ping(ByteBuffer payload) {
        if (!messages.closeSent()) {
            transport.write(FrameEncoder.frame(Opcode.PONG, payload));
        }
    }

    @Override
    public void pong(ByteBuffer payload) {
        // any frame counts as a sign of life; dataReceived already noted it
    }

    @Override
    public void close(int code, String reason) {
        LOG.log(Level.DEBUG, () -> "[c" + transport.id() + "] WebSocket closed by the peer: " + code
                + (reason.isEmpty() ? "" : " " + reason));
        messages.sendClose(code, ""); // the peer's code echoed; the TCP connection closes after it
    }

    // ---- the connection's other events -------------------------------------------------------

    /** The peer broke the protocol: tell it why with {@code code}, then close. */
    private void refuse(int code, String why) {
        LOG.log(Level.WARNING, () -> "[c" + transport.id() + "] " + transport.remoteAddress() + ": WebSocket close "
                + code + ": " + why);
        failure = new CloseReason.ProtocolError(why);
        messages.sendClose(code, why);
    }

    private void checkAlive() {
        if (!transport.isOpen() || messages.closeSent()) {
            return;
        }
        long now = System.nanoTime();
        if (messages.readingPaused()) {
            // the application stopped reading (chat flood control): an answer would sit unread
            lastHeard = now;
            pingOutstanding = false;
            return;
        }
        long interval = options.pingInterval().toNanos();
        if (now - lastHeard < interval) {
            return;
        }
        if (!pingOutstanding) {
            pingOutstanding = true;
            pingSentAt = now;
            transport.write(EMPTY_PING);
        } else if (now - pingSentAt >= interval) {
            LOG.log(Level.DEBUG, () -> "[c" + transport.id() + "] no answer to a ping in "
                    + options.pingInterval().toSeconds() + " s: the peer is gone");
            failure = new CloseReason.TimedOut("no answer to a WebSocket ping in " + options.pingInterval().toSeconds()
                    + " s");
            transport.abortConnection();
        }
    }

    @Override
    public void readEnded(Transport t) {
        if (decoder.closeSeen() || messages.closeSent()) {
            t.loseConnection();
            return;
        }
        application.readEnded(messages); // the TCP stream ended without a close frame
    }

    @Override
    public void writabilityChanged(boolean writable) {
        application.writabilityChanged(writable);
    }

    @Override
    public void stopRequested(Transport t) {
        messages.stopping();
        application.stopRequested(messages);
    }

    @Override
    public void connectionLost(CloseReason reason) {
        if (idlePing != null) {
            idlePing.cancel();
        }
        CloseReason why = failure != null ? failure : reason;
        application.connectionLost(why);
    }
}
