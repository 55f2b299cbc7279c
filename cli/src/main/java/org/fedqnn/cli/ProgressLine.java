package org.fedqnn.cli;

import java.io.PrintStream;
import java.util.Locale;

/**
 * A one-line progress display on a terminal, redrawn at most twice a second; silent when the
 * output is not a terminal (logs and CI get the per-epoch lines only).
 */
final class ProgressLine {

    private final PrintStream out;
    private final boolean enabled;
    private long last;

    ProgressLine(PrintStream out) {
        this.out = out;
        this.enabled = System.console() != null;
    }

    void update(int epoch, int epochs, int done, int total, double loss, double samplesPerSecond) {
        if (!enabled) {
            return;
        }
        long now = System.nanoTime();
        if (now - last < 500_000_000L && done != total) {
            return;
        }
        last = now;
        out.printf(Locale.ROOT, "\repoch %d/%d  batch %d/%d  loss %.4f  %.0f samples/s   ", epoch + 1, epochs, done,
                total, loss, samplesPerSecond);
        out.flush();
    }

    void clear() {
        if (enabled) {
            out.print("\r" + " ".repeat(78) + "\r");
            out.flush();
        }
    }
}
