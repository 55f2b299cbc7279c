package org.fedqnn.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.fedqnn.qnn.bound.BoundParameters;
import org.fedqnn.qnn.bound.ConvergenceBound;
import org.fedqnn.qnn.bound.EnergyObjective;
import org.fedqnn.qnn.bound.EnergyPoint;
import org.fedqnn.qnn.bound.FederatedSetting;
import org.fedqnn.qnn.bound.PrecisionOptimizer;
import org.fedqnn.qnn.cost.CostCounter;
import org.fedqnn.qnn.cost.ModelSpecs;
import org.fedqnn.qnn.cost.NetworkCost;
import org.fedqnn.qnn.energy.ComputeWorkload;
import org.fedqnn.qnn.energy.UplinkExpectation;
import org.fedqnn.qnn.train.Precision;
import org.fedqnn.server.RunSettings;
import org.fedqnn.server.measures.BoundTracker;
import org.fedqnn.server.measures.MeasureSettings;
import org.fedqnn.server.records.Text;
import org.fedqnn.server.report.LineChart;

/**
 * The sweep's side of the comparison ({@link SweepCommand} runs it): the model's prediction for
 * the swept configuration, and the table, pictures and words that set it beside what each run
 * measured. Stateless.
 */
final class SweepReport {

    private SweepReport() {
    }

    /** What one precision's run with one seed measured ({@code bits}: the swept n, or m on the uplink axis). */
    record Measured(String label, Precision precision, double bits, long seed, Path folder, String ended,
                    double wallSeconds,
                    int roundsRun, int roundsToTarget, double joulesToTarget, double computeToTarget,
                    double uplinkToTarget, double bitsToTarget, double finalAccuracy, double bestAccuracy,
                    double totalJoules, double totalBits, double estimatedG, double estimatedSigmaSquared,
                    double[] accuracyByRound, double[] joulesByRound) {

        boolean reached() {
            return roundsToTarget > 0;
        }
    }

    /** What the model predicts for one precision. */
    record Predicted(double roundsPaper, double joulesPaper, double roundsEstimated, double joulesEstimated) {
    }

    /**
     * The model's side: f_E and T for each swept precision and for every n in 1..n_max, and
     * n*, with the paper's bound parameters and with G and sigma^2 estimated from the sweep's
     * n-bit runs (the largest G and the mean sigma^2 their last rounds reported; the float32
     * run's only when nothing else ran).
     */
    record Prediction(List<Predicted> byRun, PrecisionOptimizer.Optimum paper, PrecisionOptimizer.Optimum estimated,
                      BoundParameters paperParameters, BoundParameters estimatedParameters, long modelSize,
                      ComputeWorkload workload, double[] curvePaper, double[] curveEstimated) {
    }

    static Prediction predict(RunSettings s, List<Measured> measured, double epsilon, int monteCarlo) {
        MeasureSettings m = s.measures();
        NetworkCost cost = CostCounter.count(ModelSpecs.byName(s.model().name()), s.model().input());
        long d = cost.weights();
        ComputeWorkload workload = ComputeWorkload.measuredRound(cost, s.batchSize(), s.localSteps());
        FederatedSetting setting = new FederatedSetting(s.devices(), s.devicesPerRound(), s.localSteps());
        UplinkExpectation uplink = UplinkExpectation.monteCarlo(m.energy(), m.cell(), s.devices(), monteCarlo,
                s.seed());
        BoundParameters paper = BoundTracker.paperFor(s);
        double g = Double.NaN;
        double sigmaSum = 0;
        int sigmas = 0;
        boolean anyFixed = measured.stream().anyMatch(r -> !r.precision().isFloat());
        for (Measured r : measured) {
            if (anyFixed && r.precision().isFloat() || SweepPolicies.isPolicy(r.label())) {
                continue; // the float32 network is not clipped: its gradients are not the QNN's; policies vary n
            }
            if (Double.isFinite(r.estimatedG())) {
                g = Double.isNaN(g) ? r.estimatedG() : Math.max(g, r.estimatedG());
            }
            if (Double.isFinite(r.estimatedSigmaSquared())) {
                sigmaSum += r.estimatedSigmaSquared();
                sigmas++;
            }
        }
        BoundParameters estimated = Double.isNaN(g) ? null
                : BoundTracker.estimatedFrom(paper, g, sigmas == 0 ? 0 : sigmaSum / sigmas);
        EnergyObjective paperObjective = new EnergyObjective(m.energy(), workload,
                new ConvergenceBound(paper, setting, d), epsilon, uplink);
        EnergyObjective estimatedObjective = estimated == null ? null : new EnergyObjective(m.energy(), workload,
                new ConvergenceBound(estimated, setting, d), epsilon, uplink);
        List<Predicted> byRun = new ArrayList<>();
        for (Measured r : measured) {
            EnergyPoint a = paperObjective.evaluate(r.bits());
            EnergyPoint b = estimatedObjective == null ? null : estimatedObjective.evaluate(r.bits());
            byRun.add(new Predicted(a.rounds(), a.totalJoules(), b == null ? Double.NaN : b.rounds(),
                    b == null ? Double.NaN : b.totalJoules()));
        }
        int nMax = m.energy().nMax();
        double[] curvePaper = new double[nMax];
        double[] curveEstimated = new double[nMax];
        for (int n = 1; n <= nMax; n++) {
            curvePaper[n - 1] = paperObjective.joules(n);
            curveEstimated[n - 1] = estimatedObjective == null ? Double.NaN : estimatedObjective.joules(n);
        }
        return new Prediction(byRun, PrecisionOptimizer.optimize(paperObjective),
                estimatedObjective == null ? null : PrecisionOptimizer.optimize(estimatedObjective), paper, estimated,
                d, workload, curvePaper, curveEstimated);
    }

    /** The float32 run of {@code seed}, or null. */
    private static Measured floatRun(List<Measured> measured, long seed) {
        return measured.stream().filter(r -> r.precision().isFloat() && r.seed() == seed).findFirst().orElse(null);
    }

    /** The prediction for precision {@code label} (that of its first run). */
    static Predicted predicted(List<Measured> measured, Prediction prediction, String label) {
        for (int i = 0; i < measured.size(); i++) {
            if (measured.get(i).label().equals(label)) {
                return prediction.byRun().get(i);
            }
        }
        throw new IllegalArgumentException("no run of precision " + label);
    }

    private static double saving(Measured r, Measured baseline) {
        if (baseline == null || !r.reached() || !baseline.reached() || r == baseline) {
            return Double.NaN;
        }
        return 1 - r.joulesToTarget() / baseline.joulesToTarget();
    }

    /** The rows of {@code sweep.csv}, one per run in order, each saving against the float32 run of its seed. */
    static List<SweepRow> rows(String axis, List<Measured> measured, Prediction prediction) {
        List<SweepRow> rows = new ArrayList<>();
        for (int i = 0; i < measured.size(); i++) {
            Measured r = measured.get(i);
            rows.add(SweepRow.of(axis, r, prediction.byRun().get(i), saving(r, floatRun(measured, r.seed()))));
        }
        return rows;
    }

    /**
     * The four pictures: measured mean to target over the seeds with its min and max as a band
     * (dashed), against the predictions; and every run's accuracy and energy by round.
     */
    static void charts(Path folder, List<Measured> measured, List<SweepSummaryRow> spread, Prediction prediction,
                       RunSettings s, String axis) throws IOException {
        String label = s.dataset() + ", " + s.model().name() + ", N = " + s.devices() + ", K = " + s.devicesPerRound()
                + ", I = " + s.localSteps();
        List<SweepSummaryRow> fixed = spread.stream().filter(r -> !r.isFloat()
                && !SweepPolicies.isPolicy(r.precision())).toList();
        SweepSummaryRow baseline = spread.stream().filter(SweepSummaryRow::isFloat).findFirst().orElse(null);
        double[] n = fixed.stream().mapToDouble(SweepSummaryRow::bits).toArray();
        double[] joules = fixed.stream().mapToDouble(SweepSummaryRow::joulesMean).toArray();
        double[] joulesMin = fixed.stream().mapToDouble(SweepSummaryRow::joulesMin).toArray();
        double[] joulesMax = fixed.stream().mapToDouble(SweepSummaryRow::joulesMax).toArray();
        double[] rounds = fixed.stream().mapToDouble(SweepSummaryRow::roundsMean).toArray();
        double[] roundsMin = fixed.stream().mapToDouble(SweepSummaryRow::roundsMin).toArray();
        double[] roundsMax = fixed.stream().mapToDouble(SweepSummaryRow::roundsMax).toArray();
        boolean band = spread.stream().anyMatch(r -> r.runs() > 1);
        String mean = band ? "measured mean" : "measured, n-bit runs";
        String swept = SweepSpread.UPLINK.equals(axis) ? "uplink width m (bits; n = " + s.trainingPrecision().label()
                + ")" : "precision n (bits; float32 drawn at " + prediction.curvePaper().length + ")";
        double[] tPaper = new double[fixed.size()];
        double[] tEstimated = new double[fixed.size()];
        for (int i = 0; i < fixed.size(); i++) {
            Predicted p = predicted(measured, prediction, fixed.get(i).precision());
            tPaper[i] = p.roundsPaper();
            tEstimated[i] = p.roundsEstimated();
        }
        double[] all = new double[prediction.curvePaper().length];
        for (int i = 0; i < all.length; i++) {
            all[i] = i + 1;
        }
        double[] floatX = {all.length};
        String target = String.format(Locale.ROOT, "%.1f%%", 100 * s.targetAccuracy());
        LineChart energy = new LineChart("Energy to " + target + " test accuracy: measured against f_E(n), " + label,
                swept, "joules (log scale)", true)
                .add(mean, n, joules)
                .add("predicted f_E(n), paper's parameters", all, prediction.curvePaper(), true)
                .add("predicted f_E(n), estimated G and sigma", all, prediction.curveEstimated(), true);
        LineChart roundsChart = new LineChart("Rounds to " + target + " test accuracy against the predicted T(n), "
                + label, swept, "rounds (log scale)", true)
                .add(mean, n, rounds)
                .add("predicted T(n), paper's parameters", n, tPaper, true)
                .add("predicted T(n), estimated G and sigma", n, tEstimated, true);
        if (band) {
            energy.add("min over seeds", n, joulesMin, true).add("max over seeds", n, joulesMax, true);
            roundsChart.add("min over seeds", n, roundsMin, true).add("max over seeds", n, roundsMax, true);
        }
        if (baseline != null) {
            energy.add(band ? "measured mean, float32" : "measured, float32", floatX,
                    new double[] {baseline.joulesMean()});
            roundsChart.add(band ? "measured mean, float32" : "measured, float32", floatX,
                    new double[] {baseline.roundsMean()});
        }
        energy.write(folder.resolve("energy-to-target.png"));
        roundsChart.write(folder.resolve("rounds-to-target.png"));
        LineChart accuracy = new LineChart("Test accuracy by round, " + label, "rounds", "test accuracy (%)", false);
        LineChart cumulative = new LineChart("Cumulative energy by round, " + label, "rounds", "joules", false);
        for (Measured r : measured) {
            double[] x = new double[r.accuracyByRound().length];
            double[] pct = new double[x.length];
            for (int i = 0; i < x.length; i++) {
                x[i] = i + 1;
                pct[i] = 100 * r.accuracyByRound()[i];
            }
            String name = (r.precision().isFloat() ? "float32" : SweepPolicies.isPolicy(r.label()) ? r.label()
                    : (SweepSpread.UPLINK.equals(axis) ? "m = " : "n = ") + r.label()) + (band ? ", seed " + r.seed()
                    : "");
            accuracy.add(name, x, pct);
            cumulative.add(name, x, r.joulesByRound());
        }
        accuracy.write(folder.resolve("accuracy-by-round.png"));
        cumulative.write(folder.resolve("energy-by-round.png"));
    }

    /**
     * {@code sweep.md}: the settings, the mean and spread per precision over the seeds, every run
     * next to its prediction, the verdict, the pictures and the run folders.
     *
     * @param fixed the precision the axis keeps fixed: n on the uplink axis, --uplink-bits (or null) on the
     *              training axis
     */
    static String markdown(RunSettings s, List<Measured> measured, List<SweepSummaryRow> spread,
                           Prediction prediction, double wall, double epsilon, int monteCarlo, String axis,
                           List<Long> seeds, Precision fixed) {
        StringBuilder sb = new StringBuilder("# fedqnn sweep\n\n");
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("axis", SweepSpread.UPLINK.equals(axis) ? "uplink: m swept, n = " + fixed.label()
                : "training: n swept, m = " + (fixed == null ? "n" : fixed.label() + " (float32 for float32)"));
        config.put("dataset", s.dataset());
        config.put("model", s.model().name() + " (d = " + prediction.modelSize() + ")");
        config.put("N, K, I, batch", s.devices() + ", " + s.devicesPerRound() + ", " + s.localSteps() + ", "
                + s.batchSize());
        config.put("partition", s.partitioner());
        config.put(seeds.size() == 1 ? "seed" : "seeds", seeds.size() == 1 ? seeds.get(0)
                : String.join(", ", seeds.stream().map(String::valueOf).toList()));
        config.put("target test accuracy", String.format(Locale.ROOT, "%.2f%%", 100 * s.targetAccuracy()));
        config.put("round limit", s.maxRounds());
        config.put("learning rate", "eta_t = " + s.learningRate().beta() + " / (t + " + s.learningRate().gamma()
                + ")");
        config.put("prediction", "f_E(n) of eq. (23) for epsilon = " + epsilon + ", with the measured-round counts "
                + "of the model (N_c = " + fmt(prediction.workload().macs()) + " MACs per device-round), the ledger's "
                + "energy model and " + monteCarlo + " Monte Carlo cells"
                + (SweepSpread.UPLINK.equals(axis) ? "; the model has m = n, so it is evaluated at n = m" : ""));
        sb.append("| setting | value |\n|---|---|\n");
        config.forEach((k, v) -> sb.append("| ").append(k).append(" | ").append(v).append(" |\n"));
        sb.append("\n## Mean and spread over the seeds\n\n");
        sb.append("Each cell: mean ± sample standard deviation [min, max] over the runs that reached the target "
                + "(one value alone when one did). Also in `" + SweepSpread.FILE + "`.\n\n");
        sb.append(SweepSpread.markdown(spread));
        sb.append("\n## Measured and predicted, every run\n\n");
        sb.append("| precision | seed | rounds to target | J to target (compute + uplink) | bits to target | final acc "
                + "| predicted T(n) paper / est. | predicted f_E(n) J paper / est. | saving vs float32 |\n");
        sb.append("|---|---|---|---|---|---|---|---|---|\n");
        for (int i = 0; i < measured.size(); i++) {
            Measured r = measured.get(i);
            Predicted p = prediction.byRun().get(i);
            double saving = saving(r, floatRun(measured, r.seed()));
            sb.append(String.format(Locale.ROOT, "| %s | %d | %s | %s | %s | %.2f%% | %s / %s | %s / %s | %s |%n",
                    r.label(), r.seed(), r.reached() ? Integer.toString(r.roundsToTarget())
                            : "not reached in " + r.roundsRun(),
                    r.reached() ? String.format(Locale.ROOT, "%s (%s + %s)", fmt(r.joulesToTarget()),
                            fmt(r.computeToTarget()), fmt(r.uplinkToTarget())) : "-",
                    r.reached() ? String.format(Locale.ROOT, "%,.0f", r.bitsToTarget()) : "-",
                    100 * r.finalAccuracy(), fmt(p.roundsPaper()), fmt(p.roundsEstimated()), fmt(p.joulesPaper()),
                    fmt(p.joulesEstimated()), Double.isNaN(saving) ? "-"
                            : String.format(Locale.ROOT, "%.1f%%", 100 * saving)));
        }
        sb.append("\n## What it says\n\n").append(SweepVerdict.verdict(spread, measured, prediction));
        sb.append("\nThe predicted T(n) counts rounds until the *bound* of eq. (20) reaches epsilon; the measured "
                + "rounds count rounds until the test accuracy reached the target. They measure different things, "
                + "and the bound's constants are the paper's or estimated (see each run's summary), so the absolute "
                + "numbers are not expected to agree; the comparison that matters is the ordering over n.\n");
        sb.append("\n## Pictures\n\n");
        for (String png : List.of("energy-to-target.png", "rounds-to-target.png", "accuracy-by-round.png",
                "energy-by-round.png")) {
            sb.append("![").append(png.replace(".png", "")).append("](").append(png).append(")\n");
        }
        sb.append("\n## Runs\n\n| precision | seed | ended | rounds | wall s | folder |\n|---|---|---|---|---|---|\n");
        for (Measured r : measured) {
            sb.append(String.format(Locale.ROOT, "| %s | %d | %s | %d | %.1f | [%s](%s/summary.md) |%n", r.label(),
                    r.seed(), Text.markdown(r.ended()), r.roundsRun(), r.wallSeconds(), r.folder().getFileName(),
                    r.folder().getFileName()));
        }
        sb.append(String.format(Locale.ROOT, "%nWall time of the sweep: %.1f s. The runs are also in `sweep.csv`.%n",
                wall));
        return sb.toString();
    }

    static String fmt(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.4g", v) : "-";
    }
}
