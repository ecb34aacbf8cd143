package io.switchboard.io.linux;

import io.switchboard.io.Backend;
import io.switchboard.io.PollerContract;

class EpollEtPollerTest extends PollerContract {

    @Override
    protected Backend backend() {
        return Linux.backend("epoll-et");
    }
}
