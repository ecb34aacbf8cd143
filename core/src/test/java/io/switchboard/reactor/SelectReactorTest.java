package io.switchboard.reactor;

import io.switchboard.io.Backend;
import io.switchboard.io.Backends;

class SelectReactorTest extends ReactorContract {

    @Override
    protected Backend backend() {
        return Backends.named("select");
    }
}
