package io.switchboard.io.nio;

import io.switchboard.io.Backend;
import io.switchboard.io.PollerContract;

class NioPollerTest extends PollerContract {

    @Override
    protected Backend backend() {
        return new NioBackend();
    }
}
