package org.fedqnn.server.measures;

import java.util.Locale;
import java.util.Objects;
import org.fedqnn.server.records.Text;

/**
 * An earlier run to compare against, usually the float32 baseline ("standard FL") of the same
 * configuration: its test accuracy and cumulative joules after each round. The comparison is
 * at equal accuracy: the joules each run needed to first reach the lower of the two best
 * accuracies. Immutable.
 *
 * @param source           where it was read from, for the report
 * @param precision        its training precision, e.g. "float32"
 * @param accuracy         test accuracy after each round
 * @param cumulativeJoules the ledger's compute plus uplink joules after each round
 */
public record Baseline(String source, String precision, double[] accuracy, double[] cumulativeJoules) {

    public Baseline {
        Objects.requireNonNull(source, "Baseline.source");
        Objects.requireNonNull(precision, "Baseline.precision");
        accuracy = accuracy.clone();
        cumulativeJoules = cumulativeJoules.clone();
        if (accuracy.length != cumulativeJoules.length || accuracy.length == 0) {
            throw new IllegalArgumentException("baseline " + source + " must have as many accuracies as joules, and at "
                    + "least one round; got " + accuracy.length + " and " + cumulativeJoules.length);
        }
    }

    /** The best test accuracy of the baseline. */
    public double bestAccuracy() {
        return best(accuracy);
    }

    /** The comparison of a run with this baseline, in Markdown lines. */
    public String compare(double[] runAccuracy, double[] runJoules) {
        if (runAccuracy.length == 0) {
            return "No round ran; nothing to compare with the baseline.\n";
        }
        double level = Math.min(best(runAccuracy), bestAccuracy());
        double mine = joulesTo(level, runAccuracy, runJoules);
        double theirs = joulesTo(level, accuracy, cumulativeJoules);
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "Against the %s baseline in %s: to reach %.2f%% test accuracy (the "
                + "lower of the two runs' best), this run used %.4g J and the baseline %.4g J: ", precision,
                Text.markdown(source),
                100 * level, mine, theirs));
        double saving = 1 - mine / theirs;
        sb.append(saving >= 0 ? String.format(Locale.ROOT, "a saving of **%.1f%%**.%n", 100 * saving)
                : String.format(Locale.ROOT, "**%.1f%% more** than the baseline.%n", -100 * saving));
        return sb.toString();
    }

    private static double best(double[] values) {
        double best = Double.NEGATIVE_INFINITY;
        for (double v : values) {
            best = Math.max(best, v);
        }
        return best;
    }

    private static double joulesTo(double level, double[] accuracy, double[] joules) {
        for (int i = 0; i < accuracy.length; i++) {
            if (accuracy[i] >= level) {
                return joules[i];
            }
        }
        return Double.NaN;
    }
}
