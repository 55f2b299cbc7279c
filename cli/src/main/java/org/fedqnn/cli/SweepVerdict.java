package org.fedqnn.cli;

import java.util.List;
import java.util.Locale;
import org.fedqnn.qnn.bound.PrecisionOptimizer;

/**
 * What a sweep says in words ({@link SweepCommand} prints it, {@code sweep.md} carries it): the
 * predicted n* against the precision that measured best over the seeds, and the saving against
 * float32. Stateless.
 */
final class SweepVerdict {

    private SweepVerdict() {
    }

    /**
     * The fixed-point precision with the fewest mean joules to target among those every seed
     * brought to the target, or null when none did.
     */
    static SweepSummaryRow measuredBest(List<SweepSummaryRow> spread) {
        SweepSummaryRow best = null;
        for (SweepSummaryRow r : spread) {
            boolean cheaper = best == null || r.joulesMean() < best.joulesMean();
            if (!r.isFloat() && !SweepPolicies.isPolicy(r.precision()) && r.reached() > 0 && r.allReached()
                    && cheaper) {
                best = r;
            }
        }
        return best;
    }

    /**
     * The comparison in words: predicted n* against the precision that measured best (the lowest
     * mean joules to target among those every seed brought there), and the saving against float32.
     */
    static String verdict(List<SweepSummaryRow> spread, List<SweepReport.Measured> measured,
                          SweepReport.Prediction prediction) {
        StringBuilder sb = new StringBuilder();
        PrecisionOptimizer.Optimum paper = prediction.paper();
        sb.append(String.format(Locale.ROOT, "- Predicted n* (paper's parameters): %d (continuous %.2f), f_E = %s J.%n",
                paper.nStar(), paper.continuousN(), SweepReport.fmt(paper.joules())));
        PrecisionOptimizer.Optimum est = prediction.estimated();
        if (est != null) {
            sb.append(String.format(Locale.ROOT, "- Predicted n* (estimated G = %s, sigma^2 = %s): %d (continuous "
                            + "%.2f), f_E = %s J.%n", SweepReport.fmt(prediction.estimatedParameters().gradientBoundG()),
                    SweepReport.fmt(prediction.estimatedParameters().meanSigmaSquared()), est.nStar(), est.continuousN(),
                    SweepReport.fmt(est.joules())));
        }
        String v = spread.stream().anyMatch(r -> SweepSpread.UPLINK.equals(r.axis())) ? "m" : "n";
        SweepSummaryRow predictedSwept = null;
        double lowest = Double.POSITIVE_INFINITY;
        for (SweepSummaryRow r : spread) {
            double j = SweepReport.predicted(measured, prediction, r.precision()).joulesPaper();
            if (!r.isFloat() && !SweepPolicies.isPolicy(r.precision()) && j < lowest) {
                lowest = j;
                predictedSwept = r;
            }
        }
        if (predictedSwept != null) {
            sb.append("- Of the n-bit precisions swept, the model (paper's parameters) ranks " + v + " = ")
                    .append(predictedSwept.precision()).append(" cheapest.\n");
        }
        SweepSummaryRow best = measuredBest(spread);
        SweepSummaryRow baseline = spread.stream().filter(SweepSummaryRow::isFloat).findFirst().orElse(null);
        boolean seeds = spread.stream().anyMatch(r -> r.runs() > 1);
        if (best == null) {
            sb.append("- No n-bit precision reached the target accuracy" + (seeds ? " with every seed" : "")
                    + ", so no precision measured best: raise --rounds or lower --target-accuracy.\n");
            policies(sb, spread, null);
            return sb.toString();
        }
        sb.append(String.format(Locale.ROOT, "- Measured best: " + v + " = %s, %s J to target in %s rounds%s.%n",
                best.precision(), SweepReport.fmt(best.joulesMean()), rounds(best.roundsMean()),
                seeds ? String.format(Locale.ROOT, " (means over %d seeds; J sd %s)", best.runs(),
                        SweepReport.fmt(best.joulesSd())) : ""));
        int gap = Math.abs(paper.nStar() - (int) best.bits());
        if (predictedSwept == best) {
            sb.append("- Predicted and measured agree on the cheapest of the precisions swept (" + v + " = ")
                    .append(best.precision()).append(String.format(Locale.ROOT,
                            "); n* = %d is %d bit(s) from it.%n", paper.nStar(), gap));
        } else {
            sb.append(String.format(Locale.ROOT, "- Predicted and measured **disagree**: the model's n* is %d and "
                    + "it ranks %s cheapest of those swept, but " + v + " = %s measured cheapest (%d bit(s) from "
                    + "n*).%n",
                    paper.nStar(), predictedSwept != null ? predictedSwept.precision() : "-", best.precision(), gap));
        }
        if (baseline == null) {
            sb.append("- No float32 run in the sweep: no saving to report.\n");
        } else if (!baseline.allReached()) {
            sb.append(String.format(Locale.ROOT, "- float32 did not reach the target in every run (%d of %d); "
                    + v + " = %s did, with %s J.%n", baseline.reached(), baseline.runs(), best.precision(),
                    SweepReport.fmt(best.joulesMean())));
        } else {
            double saving = 1 - best.joulesMean() / baseline.joulesMean();
            sb.append(String.format(Locale.ROOT, "- Energy saving of " + v + " = %s against float32 (%s J to target): "
                    + "%.1f%% measured", best.precision(), SweepReport.fmt(baseline.joulesMean()), 100 * saving));
            double floatJoules = SweepReport.predicted(measured, prediction, baseline.precision()).joulesPaper();
            double predictedSaving = 1 - SweepReport.predicted(measured, prediction, best.precision()).joulesPaper()
                    / floatJoules;
            sb.append(predictedSaving >= 0
                    ? String.format(Locale.ROOT, "; f_E (paper's parameters) predicts a saving of %.1f%% for it",
                            100 * predictedSaving)
                    : String.format(Locale.ROOT, "; f_E (paper's parameters) predicts the opposite for it, %.3g "
                            + "times float32's energy", 1 - predictedSaving));
            sb.append(String.format(Locale.ROOT, ", and %.1f%% for its own n* = %d.%n",
                    100 * (1 - prediction.paper().joules() / floatJoules), prediction.paper().nStar()));
        }
        policies(sb, spread, best);
        return sb.toString();
    }

    /**
     * One line per adaptive policy: its mean joules to target over the seeds that reached it
     * against the best fixed n's, and its mean final accuracy against that n's.
     */
    static void policies(StringBuilder sb, List<SweepSummaryRow> spread, SweepSummaryRow best) {
        for (SweepSummaryRow r : spread) {
            if (!SweepPolicies.isPolicy(r.precision())) {
                continue;
            }
            sb.append(String.format(Locale.ROOT, "- Policy %s: reached the target in %d of %d runs", r.precision(),
                    r.reached(), r.runs()));
            if (r.reached() > 0) {
                sb.append(String.format(Locale.ROOT, ", %s J to target (mean)", SweepReport.fmt(r.joulesMean())));
            }
            if (best != null && r.reached() > 0) {
                sb.append(String.format(Locale.ROOT, ", %.2fx the best fixed n = %s (%s J)%s", r.joulesMean()
                        / best.joulesMean(), best.precision(), SweepReport.fmt(best.joulesMean()),
                        r.allReached() ? "" : " (over the runs that reached it only)"));
            }
            sb.append(String.format(Locale.ROOT, "; mean final accuracy %.2f%%", 100 * r.finalAccuracyMean()));
            if (best != null) {
                sb.append(String.format(Locale.ROOT, " against %.2f%% at n = %s", 100 * best.finalAccuracyMean(),
                        best.precision()));
            }
            sb.append(".\n");
        }
    }

    /** A mean count of rounds: whole when it is, else to one decimal. */
    private static String rounds(double mean) {
        return mean == Math.rint(mean) ? Long.toString((long) mean) : String.format(Locale.ROOT, "%.1f", mean);
    }
}
