package org.fedqnn.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * A sweep's runs grouped by precision over its seeds ({@link SweepSummaryRow}): the mean and the
 * spread of rounds, joules and bits to target over the runs that reached it, and the markdown
 * table of them. Stateless.
 */
final class SweepSpread {

    /** The axis name of a sweep of n. */
    static final String TRAINING = "training";
    /** The axis name of a sweep of m. */
    static final String UPLINK = "uplink";
    /** The summary table's file in the sweep folder. */
    static final String FILE = "sweep-summary.csv";

    private SweepSpread() {
    }

    /** One row per precision, in the order the precisions first ran. */
    static List<SweepSummaryRow> summary(String axis, List<SweepReport.Measured> measured) {
        Map<String, List<SweepReport.Measured>> byPrecision = byPrecision(measured);
        List<SweepSummaryRow> rows = new ArrayList<>();
        for (List<SweepReport.Measured> runs : byPrecision.values()) {
            SweepReport.Measured any = runs.get(0);
            List<SweepReport.Measured> hit = runs.stream().filter(SweepReport.Measured::reached).toList();
            double[] rounds = values(hit, r -> r.roundsToTarget());
            double[] joules = values(hit, SweepReport.Measured::joulesToTarget);
            double[] bits = values(hit, SweepReport.Measured::bitsToTarget);
            rows.add(new SweepSummaryRow(axis, any.label(), any.bits(), runs.size(), hit.size(), mean(rounds),
                    sd(rounds), min(rounds), max(rounds), mean(joules), sd(joules), min(joules), max(joules),
                    mean(bits), sd(bits), min(bits), max(bits),
                    mean(values(runs, SweepReport.Measured::finalAccuracy))));
        }
        return rows;
    }

    /** The runs by precision label, in the order the precisions first ran. */
    static Map<String, List<SweepReport.Measured>> byPrecision(List<SweepReport.Measured> measured) {
        Map<String, List<SweepReport.Measured>> map = new LinkedHashMap<>();
        for (SweepReport.Measured r : measured) {
            map.computeIfAbsent(r.label(), k -> new ArrayList<>()).add(r);
        }
        return map;
    }

    /** The markdown table of {@code rows}: mean +- sd [min, max] and reached k of S. */
    static String markdown(List<SweepSummaryRow> rows) {
        StringBuilder sb = new StringBuilder("| precision | reached | rounds to target | J to target | bits to target "
                + "| mean final acc |\n|---|---|---|---|---|---|\n");
        for (SweepSummaryRow r : rows) {
            sb.append(String.format(Locale.ROOT, "| %s | %d of %d | %s | %s | %s | %.2f%% |%n", r.precision(),
                    r.reached(), r.runs(), cell(r.roundsMean(), r.roundsSd(), r.roundsMin(), r.roundsMax()),
                    cell(r.joulesMean(), r.joulesSd(), r.joulesMin(), r.joulesMax()),
                    cell(r.bitsMean(), r.bitsSd(), r.bitsMin(), r.bitsMax()), 100 * r.finalAccuracyMean()));
        }
        return sb.toString();
    }

    private static String cell(double mean, double sd, double min, double max) {
        if (Double.isNaN(mean)) {
            return "-";
        }
        if (Double.isNaN(sd)) {
            return fmt(mean);
        }
        return fmt(mean) + " ± " + fmt(sd) + " [" + fmt(min) + ", " + fmt(max) + "]";
    }

    private static double[] values(List<SweepReport.Measured> runs, ToDoubleFunction<SweepReport.Measured> f) {
        return runs.stream().mapToDouble(f).toArray();
    }

    static double mean(double[] v) {
        return v.length == 0 ? Double.NaN : java.util.Arrays.stream(v).sum() / v.length;
    }

    /** The sample standard deviation (n - 1), NaN for fewer than two values. */
    static double sd(double[] v) {
        if (v.length < 2) {
            return Double.NaN;
        }
        double m = mean(v);
        double ss = 0;
        for (double x : v) {
            ss += (x - m) * (x - m);
        }
        return Math.sqrt(ss / (v.length - 1));
    }

    private static double min(double[] v) {
        return v.length == 0 ? Double.NaN : java.util.Arrays.stream(v).min().orElseThrow();
    }

    private static double max(double[] v) {
        return v.length == 0 ? Double.NaN : java.util.Arrays.stream(v).max().orElseThrow();
    }

    private static String fmt(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.4g", v) : "-";
    }
}
