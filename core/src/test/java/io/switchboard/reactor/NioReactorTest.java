package io.switchboard.reactor;

import io.switchboard.io.Backend;
import io.switchboard.io.Backends;

class NioReactorTest extends ReactorContract {

    @Override
    protected Backend backend() {
        return Backends.named("nio");
    }
}
