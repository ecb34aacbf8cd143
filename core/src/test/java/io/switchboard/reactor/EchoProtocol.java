package io.switchboard.reactor;

import java.nio.ByteBuffer;

/** Test echo: writes every chunk back, pausing reads while the peer does not read. */
public class EchoProtocol implements Protocol {

    private Transport transport;

    @Override
    public void connectionMade(Transport t) {
        this.transport = t;
    }

    @Override
    public void dataReceived(ByteBuffer data) {
        transport.write(data);
        if (!transport.isWritable()) {
            transport.pauseReading();
        }
    }

    @Override
    public void writabilityChanged(boolean writable) {
        if (writable) {
            transport.resumeReading();
        }
    }
}
