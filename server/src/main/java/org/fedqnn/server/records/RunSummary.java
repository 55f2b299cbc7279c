package org.fedqnn.server.records;

import java.util.List;
import java.util.Locale;
import org.fedqnn.qnn.train.Evaluation;
import org.fedqnn.server.measures.Baseline;
import org.fedqnn.server.measures.BoundPoint;
import org.fedqnn.server.measures.RoundEnergy;
import org.fedqnn.server.report.RunCharts;

/**
 * The readable one-page summary of a run ({@code summary.md}): the settings, the result
 * (accuracy, rounds, bits, joules), the measured loss gap against the bound and what that
 * comparison says, the pictures, and one line per round. Stateless and thread-safe.
 */
public final class RunSummary {

    private RunSummary() {}

    /** The Markdown text. */
    public static String markdown(Manifest manifest, Evaluation initial, BoundPoint initialBound,
                                  List<RoundRecord> rounds, RunOutcome outcome, Baseline baseline) {
        StringBuilder sb = new StringBuilder();
        sb.append("# fedqnn run ").append(Text.markdown(manifest.runId())).append("\n\n");
        appendSettings(sb, manifest);
        long received = rounds.stream().mapToLong(RoundRecord::received).sum();
        long late = rounds.stream().mapToLong(RoundRecord::late).sum();
        long rejected = rounds.stream().mapToLong(RoundRecord::rejected).sum();
        long silent = rounds.stream().mapToLong(RoundRecord::silent).sum();
        double meanUpdateBytes = received == 0 ? Double.NaN : (double) outcome.uplinkBytes() / received;
        RoundEnergy e = outcome.energy() == null ? RoundEnergy.NONE : outcome.energy();
        sb.append("\n## Result\n\n");
        sb.append("| figure | value |\n|---|---|\n");
        sb.append("| ended | ").append(Text.markdown(outcome.reason())).append(" |\n");
        sb.append(String.format(Locale.ROOT, "| rounds (aggregated) | %d (%d) |%n", outcome.rounds(),
                outcome.aggregations()));
        sb.append(String.format(Locale.ROOT, "| test accuracy: initial, final, best | %s, %s, %s |%n",
                pct(initial == null ? Double.NaN : initial.accuracy()), pct(outcome.finalAccuracy()),
                pct(outcome.bestAccuracy())));
        sb.append(String.format(Locale.ROOT, "| final test loss | %.4f |%n", outcome.finalLoss()));
        if (outcome.bound() != null) {
            sb.append(String.format(Locale.ROOT, "| final training loss F(w), gap F(w) - F* | %.4f, %.4f |%n",
                    outcome.bound().trainingLoss(), outcome.bound().gap()));
        }
        sb.append(String.format(Locale.ROOT, "| updates received / late / rejected / silent | %d / %d / %d / %d |%n",
                received, late, rejected, silent));
        sb.append(String.format(Locale.ROOT, "| uplink total | %,d bits (%,d bytes) |%n", 8 * outcome.uplinkBytes(),
                outcome.uplinkBytes()));
        sb.append(String.format(Locale.ROOT, "| uplink per update | %,.0f bytes |%n", meanUpdateBytes));
        sb.append(String.format(Locale.ROOT, "| energy total (selected devices) | %.4g J |%n", e.cumulativeJoules()));
        sb.append(String.format(Locale.ROOT,
                "| of which compute, eq. (9) / uplink, eqs. (10)-(12) | %.4g J / %.4g J |%n",
                e.cumulativeComputeJoules(), e.cumulativeUplinkJoules()));
        if (received > 0) {
            sb.append(String.format(Locale.ROOT, "| energy per update | %.4g J |%n", e.cumulativeJoules() / received));
        }
        if (Double.isFinite(outcome.wallSeconds())) {
            sb.append(String.format(Locale.ROOT, "| wall time | %.1f s |%n", outcome.wallSeconds()));
        }
        if (baseline != null) {
            double[] accuracy = rounds.stream().mapToDouble(RoundRecord::testAccuracy).toArray();
            double[] joules = rounds.stream().mapToDouble(r -> r.energy().cumulativeJoules()).toArray();
            sb.append("\n").append(baseline.compare(accuracy, joules));
        }
        appendBound(sb, manifest, rounds);
        sb.append("\n## Pictures\n\n");
        for (String png : RunCharts.ALL) {
            sb.append("![").append(png.replace(".png", "")).append("](").append(png).append(")\n");
        }
        sb.append("\n## Rounds\n\n");
        sb.append("| round | n / m | K' / K | test acc | test loss | training loss | gap | bound (paper) "
                + "| bound (est.) | uplink bits | compute J | uplink J | cumulative J | round s |\n");
        sb.append("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        if (initialBound != null && initial != null) {
            sb.append(String.format(Locale.ROOT, "| w_0 | | | %s | %.4f | %.4f | %.4f | %.4g | %s | | | | | |%n",
                    pct(initial.accuracy()), initial.meanLoss(), initialBound.trainingLoss(), initialBound.gap(),
                    initialBound.paperBound(), sci(initialBound.estimatedBound())));
        }
        for (RoundRecord r : rounds) {
            BoundPoint b = r.bound();
            sb.append(String.format(Locale.ROOT,
                    "| %d | %s | %d / %d%s | %s | %s | %s | %s | %s | %s | %,d | %.4g | %.4g | %.4g | %.1f |%n",
                    r.round() + 1, r.precision() == null ? "" : r.precision().training().label() + " / "
                            + r.precision().uplink().label(), r.received(), r.selected(),
                    r.aggregated() ? "" : " (below quorum)",
                    pct(r.testAccuracy()), f4(r.testLoss()), f4(b.trainingLoss()), f4(b.gap()), sci(b.paperBound()),
                    sci(b.estimatedBound()), r.energy().uplinkBits(), r.energy().computeJoules(),
                    r.energy().uplinkJoules(), r.energy().cumulativeJoules(), r.roundSeconds()));
        }
        sb.append("\nRound numbers count the rounds run (round T shows w_T). Files: `manifest.json`, `devices.jsonl`, "
                + "`rounds.csv`, `rounds.jsonl`, `device-rounds.csv`, `model.fqnn`, the pictures.\n");
        return sb.toString();
    }

    /** The settings table: the manifest's main settings, each text escaped. */
    private static void appendSettings(StringBuilder sb, Manifest m) {
        sb.append("| setting | value |\n|---|---|\n");
        Manifest.Federation f = m.federation();
        Object[] rows = {"dataset", m.data().dataset(), "model", m.model().name(), "weights", m.model().weights(),
            "training_precision", m.model().trainingPrecision(), "uplink_precision", m.model().uplinkPrecision(),
            "precision_policy", f.precisionPolicy(),
            "devices", f.devices(), "devices_per_round", f.devicesPerRound(), "local_steps", f.localSteps(),
            "batch_size", f.batchSize(), "learning_rate", f.learningRate(), "partition", m.data().partition(),
            "seed", f.seed(), "quorum", f.quorum(), "round_deadline_s", m.limits().roundDeadlineSeconds(),
            "target_accuracy", f.targetAccuracy(), "target_loss_gap", m.measures().targetLossGap(),
            "transport", m.transport()};
        for (int i = 0; i < rows.length; i += 2) {
            Object value = rows[i + 1];
            if (value != null && !(value instanceof Double d && d.isNaN())) {
                sb.append("| ").append(rows[i]).append(" | ").append(Text.markdown(String.valueOf(value)))
                        .append(" |\n");
            }
        }
    }

    private static void appendBound(StringBuilder sb, Manifest manifest, List<RoundRecord> rounds) {
        Manifest.PaperBound p = manifest.measures().paperBound();
        sb.append("\n## Loss gap against the bound of eq. (20)\n\n");
        sb.append("F(w) is the training loss of the deterministic model (weights and activations rounded to "
                + "nearest) on ").append(manifest.data().lossSamples()).append(" training samples "
                + "drawn from the seed. F* = ").append(manifest.measures().fStar()).append(": ")
                .append(Text.markdown(manifest.measures().fStarSource())).append(".\n\n");
        sb.append("- **paper**: eq. (20) with section IV's L, mu, sigma_k and G (").append(String.format(Locale.ROOT,
                "L = %s, mu = %s, mean sigma^2 = %s, G = %s, G read as %s", p.smoothnessL(), p.strongConvexityMu(),
                p.meanSigmaSquared(), p.gradientBoundG(), p.gradientBoundReading()))
                .append(") and the run's learning-rate gamma.\n");
        sb.append("- **estimated**: the same L and mu (not estimated), G = the largest mean ||g||^2 a device "
                + "reported and sigma^2 = the mean gradient variance the devices reported, so far.\n\n");
        if (rounds.isEmpty()) {
            sb.append("No round ran.\n");
            return;
        }
        BoundPoint last = rounds.get(rounds.size() - 1).bound();
        sb.append(String.format(Locale.ROOT, "Last estimates: G = %s, mean sigma_k^2 = %s.%n%n",
                sci(last.gradientBoundG()), sci(last.meanSigmaSquared())));
        sb.append(verdict("paper", rounds, true)).append("\n");
        sb.append(verdict("estimated", rounds, false)).append("\n");
    }

    private static String verdict(String name, List<RoundRecord> rounds, boolean paper) {
        int held = 0;
        int counted = 0;
        double tightest = Double.POSITIVE_INFINITY;
        for (RoundRecord r : rounds) {
            double bound = paper ? r.bound().paperBound() : r.bound().estimatedBound();
            if (!Double.isFinite(bound) || !Double.isFinite(r.bound().gap())) {
                continue;
            }
            counted++;
            if (r.bound().gap() <= bound) {
                held++;
            }
            if (r.bound().gap() > 0) {
                tightest = Math.min(tightest, bound / r.bound().gap());
            }
        }
        if (counted == 0) {
            return "- The " + name + " bound could not be evaluated (no gradient figures arrived).";
        }
        String ratio = tightest == Double.POSITIVE_INFINITY ? "" : String.format(Locale.ROOT,
                "; at its tightest it was %.3g times the measured gap", tightest);
        if (held == counted) {
            return String.format(Locale.ROOT, "- The %s bound held in all %d rounds%s.", name, counted, ratio);
        }
        return String.format(Locale.ROOT, "- The %s bound was **broken** in %d of %d rounds (the measured gap was "
                + "above it)%s. Proposition 1 assumes a strongly convex loss; this network's is not.", name,
                counted - held, counted, ratio);
    }

    /** {@code v} with 4 decimals, or "-" when it is NaN (a round whose model was not evaluated). */
    static String f4(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.4f", v);
    }

    static String pct(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.2f%%", 100 * v) : "-";
    }

    private static String sci(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.4g", v) : "-";
    }
}
