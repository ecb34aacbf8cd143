package io.switchboard.faults;

import io.switchboard.codec.FramedProtocol;
import io.switchboard.codec.LineFramer;
import io.switchboard.reactor.CloseReason;
import java.nio.ByteBuffer;
import java.util.Queue;

/** The fault tests' server protocol: echoes each line (with its newline) and records why it closed. */
final class LineEcho extends FramedProtocol {

    static final int MAX_LINE = 4096;
    private static final byte[] NEWLINE = {'\n'};

    private final Queue<CloseReason> reasons;

    LineEcho(Queue<CloseReason> reasons) {
        super(new LineFramer(MAX_LINE));
        this.reasons = reasons;
    }

    @Override
    protected void frameReceived(ByteBuffer line) {
        byte[] copy = new byte[line.remaining() + 1];
        line.get(copy, 0, copy.length - 1);
        copy[copy.length - 1] = NEWLINE[0];
        transport().write(copy);
    }

    @Override
    public void connectionLost(CloseReason reason) {
        reasons.add(reason);
    }
}
