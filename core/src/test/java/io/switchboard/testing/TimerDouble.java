package io.switchboard.testing;

import io.switchboard.reactor.Timer;

/** A {@link Timer} for loop doubles: it only remembers being cancelled; the test decides if its task runs. */
public final class TimerDouble implements Timer {

    private boolean cancelled;

    @Override
    public void cancel() {
        cancelled = true;
    }

    @Override
    public boolean isCancelled() {
        return cancelled;
    }
}
