package org.fedqnn.datasets.download;

import java.io.PrintStream;
import java.util.Locale;

/**
 * Prints a download's progress at most every {@link #STEP_PERCENT} percent of the announced
 * length, or every {@link #STEP_BYTES_UNKNOWN} bytes when no length was announced. Not
 * thread-safe: one per transfer.
 */
final class ProgressPrinter {

    static final int STEP_PERCENT = 5;
    static final long STEP_BYTES_UNKNOWN = 8L << 20;

    private final PrintStream out;
    private final String label;
    private final long total;
    private long nextReport;

    ProgressPrinter(PrintStream out, String label, long total) {
        this.out = out;
        this.label = label;
        this.total = total;
        this.nextReport = step();
    }

    private long step() {
        return total > 0 ? Math.max(1, total * STEP_PERCENT / 100) : STEP_BYTES_UNKNOWN;
    }

    /** Called after each chunk with the bytes received so far. */
    void update(long received) {
        if (received < nextReport) {
            return;
        }
        if (total > 0) {
            long percent = Math.min(100, received * 100 / total);
            out.printf(Locale.ROOT, "%s: %d%% (%s of %s)%n", label, percent, human(received),
                    human(total));
        } else {
            out.printf(Locale.ROOT, "%s: %s%n", label, human(received));
        }
        long step = step();
        nextReport = (received / step + 1) * step;
    }

    static String human(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        if (bytes < 1024L * 1024) {
            return String.format(Locale.ROOT, "%.1f KiB", bytes / 1024.0);
        }
        return String.format(Locale.ROOT, "%.1f MiB", bytes / (1024.0 * 1024.0));
    }
}
