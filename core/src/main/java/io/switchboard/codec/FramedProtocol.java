package io.switchboard.codec;

import io.switchboard.reactor.Protocol;
import io.switchboard.reactor.Transport;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;

/**
 * A {@link Protocol} that receives whole frames: the reactor's chunks go through a {@link Framer},
 * and the subclass implements {@link #frameReceived}.
 *
 * <pre>{@code
 * final class Shout extends FramedProtocol {
 *     Shout() { super(new LineFramer(4096)); }
 *     protected void frameReceived(ByteBuffer line) { ... transport().write(reply); }
 * }
 * }</pre>
 *
 * <p>A framing error (an oversize or corrupt frame) goes to {@link #frameError}, whose default
 * logs a WARNING naming the peer and closes this one connection; no frame is delivered after it.
 * At the peer's end of stream, the framer delivers what its format allows (a last line) and the
 * connection closes once everything queued is sent.
 *
 * <p>A peer that starts a frame and does not finish it within the listener's
 * {@link io.switchboard.limits.ConnectionLimits#requestTimeout() request timeout} is closed, however
 * slowly it trickles bytes (see {@link #unfinishedMessage()}).
 *
 * <p>Thread-safety: as every protocol, called on its connection's loop only.
 */
public abstract class FramedProtocol implements Protocol {

    private static final Logger LOG = System.getLogger(FramedProtocol.class.getName());

    private final Framer framer;
    private final FrameSink sink = this::deliver;
    private Transport transport;
    private long framesReceived;
    private boolean failed;

    /** With the framer that cuts this connection's stream into frames. */
    protected FramedProtocol(Framer framer) {
        this.framer = framer;
    }

    /** The connection's transport; subclasses that override {@code connectionMade} call super first. */
    protected final Transport transport() {
        return transport;
    }

    @Override
    public void connectionMade(Transport t) {
        this.transport = t;
    }

    @Override
    public final void dataReceived(ByteBuffer data) {
        if (failed) {
            data.position(data.limit());
            return;
        }
        try {
            framer.decode(data, sink);
        } catch (FrameException e) {
            failed = true;
            frameError(e);
        }
    }

    private void deliver(ByteBuffer frame) {
        framesReceived++;
        frameReceived(frame);
    }

    /** The frame being received, numbered from 1, while the framer holds part of it; else 0. */
    @Override
    public long unfinishedMessage() {
        return !failed && framer.buffered() > 0 ? framesReceived + 1 : 0;
    }

    /** One whole frame; lent for the duration of the call. */
    protected abstract void frameReceived(ByteBuffer frame);

    /**
     * The peer broke the framing. The default logs a WARNING with the peer's address and closes the
     * connection after what is queued is sent (say why first by writing, if the protocol has a way).
     */
    protected void frameError(FrameException error) {
        LOG.log(Level.WARNING, () -> "[c" + transport.id() + "] " + transport.remoteAddress() + ": " + error.getMessage()
                + "; closing the connection");
        transport.loseConnection();
    }

    @Override
    public void readEnded(Transport t) {
        if (!failed) {
            try {
                framer.endOfStream(sink);
            } catch (FrameException e) {
                failed = true;
                frameError(e);
                return;
            }
        }
        t.loseConnection();
    }
}
