package io.switchboard.io.linux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.endpoint.Endpoint;
import io.switchboard.io.Backend;
import io.switchboard.io.DatagramSocket;
import io.switchboard.io.Interest;
import io.switchboard.io.ListenOptions;
import io.switchboard.io.Poller;
import io.switchboard.io.Token;
import java.nio.channels.DatagramChannel;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** select(2) cannot watch descriptor 1024 or above: it must refuse with a sentence, not corrupt memory. */
@Timeout(30)
class SelectLimitTest {

    @Test
    void aDescriptorAboveFdSetsizeIsRefusedWithTheAlternatives() throws Exception {
        Backend select = Linux.backend("select");
        List<DatagramChannel> filler = new ArrayList<>();
        try (Poller poller = select.openPoller()) {
            while (filler.size() < 1100) {
                filler.add(DatagramChannel.open()); // push descriptor numbers past 1024
            }
            try (DatagramSocket high = select.bindDatagram(Endpoint.parse("udp://127.0.0.1:0"), ListenOptions.DEFAULTS)) {
                assertThat(((NativeDatagramSocket) high).fd()).isGreaterThanOrEqualTo(1024);
                assertThatThrownBy(() -> poller.register(high, new Token(1), Interest.READABLE))
                        .isInstanceOf(IllegalArgumentException.class)
                        .hasMessageContaining("FD_SETSIZE (1024)")
                        .hasMessageContaining("--poller poll or --poller epoll");
            }
        } finally {
            for (DatagramChannel channel : filler) {
                channel.close();
            }
        }
    }
}
