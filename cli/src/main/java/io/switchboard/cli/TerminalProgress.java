package io.switchboard.cli;

import java.time.Duration;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Progress as a bar on stderr, with bytes, rate and time left (the {@code progressbar} library,
 * drawing through JLine): {@code big.iso 42% [=====>      ] 300/700 MiB (0:00:04 / 0:00:05) 71.3 MiB/s}.
 * A resumed transfer starts its bar at the offset. A retried one gets a new bar.
 *
 * <p>Used by one thread at a time (the library redraws from its own thread).
 */
final class TerminalProgress implements TransferProgress {

    private ProgressBar bar;

    @Override
    public void transferStarted(String name, long size, long offset) {
        interrupted();
        // whole units are shown: switch only when the count stays above 100, so the bar reads "2930/2930 KiB"
        long unit = size >= 100L << 30 ? 1L << 30 : size >= 100L << 20 ? 1L << 20 : 1L << 10;
        String unitName = unit == 1L << 30 ? " GiB" : unit == 1L << 20 ? " MiB" : " KiB";
        bar = new ProgressBarBuilder()
                .setTaskName(name.length() > 30 ? name.substring(0, 29) + "…" : name)
                .setInitialMax(size)
                .setUnit(unitName, unit)
                .showSpeed()
                .setStyle(ProgressBarStyle.ASCII)
                .setUpdateIntervalMillis(250)
                .startsFrom(offset, Duration.ZERO)
                .build();
    }

    @Override
    public void bytesTransferred(long position) {
        if (bar != null) {
            bar.stepTo(position);
        }
    }

    @Override
    public void interrupted() {
        close();
    }

    @Override
    public void close() {
        if (bar != null) {
            bar.close();
            bar = null;
        }
    }
}
