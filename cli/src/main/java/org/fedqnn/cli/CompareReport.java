package org.fedqnn.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.fedqnn.server.RunSettings;
import org.fedqnn.server.records.CsvTable;
import org.fedqnn.server.records.RoundRow;
import org.fedqnn.server.records.RunFolder;
import org.fedqnn.server.records.Text;
import org.fedqnn.server.records.TimeRow;
import org.fedqnn.server.report.LineChart;

/**
 * The table, pictures and words of {@code fedqnn compare} ({@link CompareCommand}): each policy's
 * test accuracy against the modelled time, the uplink bits and the joules, and what each took to
 * the target accuracy. Stateless.
 */
final class CompareReport {

    /** The pictures, in the order the report shows them. */
    static final List<String> PICTURES = List.of("accuracy-vs-time.png", "accuracy-vs-bits.png",
            "accuracy-vs-joules.png");

    private CompareReport() {
    }

    /**
     * One policy's run, round by round: test accuracy (a fraction) and the cumulative modelled
     * seconds, uplink bits received and joules after each round.
     */
    record Run(ComparePolicy policy, String label, Integer uplinkBits, String significance,
               double uploadWindowSeconds, double target, Path folder, String ended, double wallSeconds,
               double[] accuracy, double[] seconds, double[] bits, double[] joules) {

        int roundsRun() {
            return accuracy.length;
        }

        /** The index of the first round at or above the target, -1 when none. */
        int targetIndex() {
            for (int i = 0; i < accuracy.length; i++) {
                if (accuracy[i] >= target) {
                    return i;
                }
            }
            return -1;
        }

        double at(double[] values) {
            int i = targetIndex();
            return i < 0 ? Double.NaN : values[i];
        }

        double secondsToTarget() {
            return at(seconds);
        }

        double bitsToTarget() {
            return at(bits);
        }

        double joulesToTarget() {
            return at(joules);
        }

        double last(double[] values) {
            return values.length == 0 ? Double.NaN : values[values.length - 1];
        }

        double finalAccuracy() {
            return last(accuracy);
        }

        double bestAccuracy() {
            double best = Double.NaN;
            for (double a : accuracy) {
                best = Double.isNaN(best) ? a : Math.max(best, a);
            }
            return best;
        }

        boolean uniform() {
            return policy.allocator().equals("uniform");
        }
    }

    /** The run in {@code folder}: its rounds.csv and times.csv, round by round. */
    static Run read(ComparePolicy policy, String label, Integer m, String significance, double window, double target,
                    Path folder, String ended, double wall) throws IOException {
        List<RoundRow> rounds = RoundRow.read(folder.resolve(RunFolder.ROUNDS));
        List<TimeRow> times = CsvTable.read(folder.resolve(RunFolder.TIMES), TimeRow.class);
        if (rounds.size() != times.size()) {
            throw new IllegalStateException(folder + ": " + rounds.size() + " rounds in rounds.csv, " + times.size()
                    + " in times.csv");
        }
        int n = rounds.size();
        double[] accuracy = new double[n];
        double[] seconds = new double[n];
        double[] bits = new double[n];
        double[] joules = new double[n];
        for (int i = 0; i < n; i++) {
            RoundRow r = rounds.get(i);
            if (r.round() != times.get(i).round()) {
                throw new IllegalStateException(folder + ": line " + (i + 1) + " is round " + r.round()
                        + " in rounds.csv, " + times.get(i).round() + " in times.csv");
            }
            accuracy[i] = r.testAccuracy();
            seconds[i] = times.get(i).cumulativeModelledSeconds();
            bits[i] = r.cumulativeUplinkBits();
            joules[i] = r.cumulativeJoules();
        }
        return new Run(policy, label, m, significance, window, target, folder, ended, wall, accuracy, seconds, bits,
                joules);
    }

    /** The rows of {@code compare.csv}, one per policy in order. */
    static List<CompareRow> rows(List<Run> runs) {
        return runs.stream().map(CompareRow::of).toList();
    }

    /** Writes the three pictures into {@code folder}. */
    static void charts(Path folder, List<Run> runs, RunSettings s, String devices) throws IOException {
        String label = s.dataset() + ", " + s.model().name() + ", N = " + s.devices() + ", K = " + s.devicesPerRound()
                + ", I = " + s.localSteps() + ", " + devices;
        String[][] axes = {{"modelled time (s, cumulative)", "time"}, {"uplink bits received (cumulative)", "bits"},
            {"joules (compute + uplink, cumulative)", "joules"}};
        for (int c = 0; c < PICTURES.size(); c++) {
            LineChart chart = new LineChart("Test accuracy against " + axes[c][1] + ", " + label, axes[c][0],
                    "test accuracy (%)", false);
            double maxX = 0;
            for (Run r : runs) {
                double[] x = c == 0 ? r.seconds() : c == 1 ? r.bits() : r.joules();
                double[] pct = new double[x.length];
                for (int i = 0; i < x.length; i++) {
                    pct[i] = 100 * r.accuracy()[i];
                    maxX = Double.isFinite(x[i]) ? Math.max(maxX, x[i]) : maxX;
                }
                chart.add(r.label(), x, pct);
            }
            double t = 100 * runs.get(0).target();
            chart.add(String.format(Locale.ROOT, "target %.1f%%", t), new double[] {0, maxX}, new double[] {t, t},
                    true);
            chart.write(folder.resolve(PICTURES.get(c)));
        }
    }

    static String markdown(RunSettings s, List<Run> runs, Map<String, Object> setup, double wall) {
        StringBuilder sb = new StringBuilder("# fedqnn compare\n\n| setting | value |\n|---|---|\n");
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("dataset", s.dataset());
        config.put("model", s.model().name());
        config.put("N, K, I, batch", s.devices() + ", " + s.devicesPerRound() + ", " + s.localSteps() + ", "
                + s.batchSize());
        config.put("training precision n", s.trainingPrecision().label());
        config.put("seed", s.seed());
        config.put("rounds", s.maxRounds());
        config.put("target test accuracy", String.format(Locale.ROOT, "%.2f%%", 100 * runs.get(0).target()));
        config.putAll(setup);
        config.forEach((k, v) -> sb.append("| ").append(k).append(" | ").append(v).append(" |\n"));
        sb.append("\n## Results\n\nModelled time: each round takes its slowest accepted device's compute time (MACs "
                + "over its MAC/s) plus its upload time (bits received over its rate). Bits: uplink bits the server "
                + "received. Joules: the ledger's compute plus uplink energy (the paper's wireless channel).\n\n");
        sb.append("| policy | upload window s | final acc | best acc | rounds to target | modelled s to target "
                + "| uplink bits to target | J to target | total modelled s | total uplink bits | total J |\n");
        sb.append("|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (Run r : runs) {
            int t = r.targetIndex();
            sb.append(String.format(Locale.ROOT, "| %s | %s | %.2f%% | %.2f%% | %s | %s | %s | %s | %s | %s | %s |%n",
                    r.label(), fmt(r.uploadWindowSeconds()), 100 * r.finalAccuracy(), 100 * r.bestAccuracy(),
                    t < 0 ? "not reached in " + r.roundsRun() : Integer.toString(t + 1), fmt(r.secondsToTarget()),
                    fmt(r.bitsToTarget()), fmt(r.joulesToTarget()), fmt(r.last(r.seconds())), fmt(r.last(r.bits())),
                    fmt(r.last(r.joules()))));
        }
        sb.append("\n## What it says\n\n").append(verdict(runs, s.trainingPrecision().wireBits()));
        sb.append("\n## Pictures\n\n");
        for (String png : PICTURES) {
            sb.append("![").append(png.replace(".png", "")).append("](").append(png).append(")\n");
        }
        sb.append("\n## Runs\n\n| policy | ended | rounds | wall s | folder |\n|---|---|---|---|---|\n");
        for (Run r : runs) {
            String f = r.folder().getFileName().toString();
            sb.append(String.format(Locale.ROOT, "| %s | %s | %d | %.1f | [%s](%s/summary.md) |%n", r.label(),
                    Text.markdown(r.ended()), r.roundsRun(), r.wallSeconds(), f, f));
        }
        sb.append(String.format(Locale.ROOT, "%nWall time of the comparison: %.1f s (measured on this machine; not "
                + "in `compare.csv`, which is the same for the same seed).%n", wall));
        return sb.toString();
    }

    /**
     * In words: each policy that is not uniform against uniform at m = n and against the uniform
     * m that reached the target in the least modelled time; and its final accuracy against each
     * uniform policy's.
     */
    static String verdict(List<Run> runs, int n) {
        StringBuilder sb = new StringBuilder();
        Run sameM = null;
        Run fastest = null;
        for (Run r : runs) {
            if (r.uniform() && r.uplinkBits() == n) {
                sameM = r;
            }
            if (r.uniform() && r.targetIndex() >= 0
                    && (fastest == null || r.secondsToTarget() < fastest.secondsToTarget())) {
                fastest = r;
            }
        }
        for (Run r : runs) {
            sb.append(String.format(Locale.ROOT, "- %s: %s; ends at %.2f%%.%n", r.label(), r.targetIndex() < 0
                    ? "does not reach the target in " + r.roundsRun() + " rounds"
                    : "reaches the target in round " + (r.targetIndex() + 1) + ", after " + fmt(r.secondsToTarget())
                    + " modelled s, " + fmt(r.bitsToTarget()) + " uplink bits and " + fmt(r.joulesToTarget()) + " J",
                    100 * r.finalAccuracy()));
        }
        List<String> against = new ArrayList<>();
        for (Run r : runs) {
            if (r.uniform()) {
                continue;
            }
            if (sameM != null) {
                against.add(r.label() + " against " + sameM.label() + " (m = n): " + ratio(r, sameM));
            }
            if (fastest != null && fastest != sameM) {
                against.add(r.label() + " against the fastest uniform, " + fastest.label() + ": " + ratio(r, fastest));
            }
            for (Run u : runs) {
                if (u.uniform()) {
                    against.add(String.format(Locale.ROOT, "%s ends %+.2f points from %s", r.label(),
                            100 * (r.finalAccuracy() - u.finalAccuracy()), u.label()));
                }
            }
        }
        against.forEach(line -> sb.append("- ").append(line).append(".\n"));
        if (fastest == null && runs.stream().anyMatch(Run::uniform)) {
            sb.append("- No uniform policy reached the target: raise --rounds or lower --target-accuracy.\n");
        }
        return sb.toString();
    }

    /** Modelled time to target of {@code r} against {@code base}, in words. */
    private static String ratio(Run r, Run base) {
        if (r.targetIndex() < 0 || base.targetIndex() < 0) {
            return (r.targetIndex() < 0 ? r.label() : base.label()) + " does not reach the target, no time ratio";
        }
        double x = base.secondsToTarget() / r.secondsToTarget();
        return String.format(Locale.ROOT, "%s modelled s against %s, %.2fx %s", fmt(r.secondsToTarget()),
                fmt(base.secondsToTarget()), x >= 1 ? x : 1 / x, x >= 1 ? "less time" : "more time");
    }

    private static String fmt(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.4g", v) : "-";
    }
}
