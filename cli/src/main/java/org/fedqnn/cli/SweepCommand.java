package org.fedqnn.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.fedqnn.datasets.Dataset;
import org.fedqnn.qnn.train.Precision;
import org.fedqnn.server.RunSettings;
import org.fedqnn.server.records.CsvTable;
import org.fedqnn.server.records.Invocation;
import org.fedqnn.server.records.RoundRow;
import org.fedqnn.server.records.RunFolder;
import org.fedqnn.server.records.RunOutcome;
import org.fedqnn.server.strategy.FixedPrecision;
import org.fedqnn.server.strategy.PrecisionPolicies;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code fedqnn sweep}: the same federated configuration at several precisions and the float32
 * baseline, for one seed or several ({@code --seeds}), each a whole {@link LocalFederation} run to
 * the target test accuracy or the round limit, then the measured rounds and joules to target next
 * to the paper model's T(n) and f_E(n) of eq. (23) for the same N, K, I, d and counts, the
 * predicted n* against the n that measured best, and the saving of the best n against float32
 * (which runs first for each seed, so that each n-bit run's own report compares with it). The
 * swept axis is the training precision n (m = n, or the fixed {@code --uplink-bits}) or the
 * uplink width m (n fixed by {@code --bits}). Writes {@code sweep.csv} (one row per precision and
 * seed; deterministic for the seeds: no wall times), {@code sweep-summary.csv} (per precision the
 * mean and spread over the seeds, {@link SweepSpread}), {@code sweep.md} and four pictures, and
 * one run folder per precision and seed.
 */
@Command(name = "sweep", mixinStandardHelpOptions = true,
        description = "Runs one federated configuration at several precisions and float32; measured energy to "
                + "target against the model's f_E(n) and n*.")
final class SweepCommand implements Callable<Integer> {

    /** The default target accuracy of a sweep, in percent, when --target-accuracy is not given. */
    static final double DEFAULT_TARGET_PERCENT = 80;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Mixin
    FederationOptions federation;

    /** The precisions of a training-axis sweep when --precisions is not given. */
    static final String DEFAULT_PRECISIONS = "2,3,4,5,6,8,10,12,16,float";

    @Option(names = "--precisions", split = ",", description = "Precisions to run, bit widths 1..32 and 'float' "
            + "(default " + DEFAULT_PRECISIONS + "; on --axis uplink the same without float).")
    List<Precision> precisions;

    @Option(names = "--seeds", split = ",", description = "Seeds to run every precision with, e.g. 1,2,3; the "
            + "tables give each precision's mean and spread over them (default: the one --seed).")
    List<Long> seeds;

    @Option(names = "--axis", defaultValue = "training", description = "What --precisions sweeps: training (n; m = n, "
            + "or --uplink-bits when given) or uplink (m; n fixed by --bits) (default ${DEFAULT-VALUE}).")
    String axis;

    @Option(names = "--policies", description = "Adaptive precision policies to run beside the fixed precisions, "
            + "once per seed each: loss-driven[:...] and/or energy-aware[:...] (parameters as --precision-policy), "
            + "comma-separated, e.g. loss-driven,energy-aware:every=3,margin=0. Their ceiling of n is --bits when "
            + "given, else the widest fixed-point n of --precisions; m = n unless --uplink-bits. Training axis only.")
    String policies;

    @Option(names = "--epsilon", defaultValue = "0.01",
            description = "Target gap epsilon of the predicted T(n) and f_E(n) (default ${DEFAULT-VALUE}, the paper's).")
    double epsilon;

    @Option(names = "--monte-carlo", defaultValue = "2000",
            description = "Cells drawn for the expected uplink energy of f_E (default ${DEFAULT-VALUE}).")
    int monteCarlo;

    @Mixin
    DeviceJvmOptions devices;

    @Mixin
    ConfigOption config;

    @Option(names = "--out", description = "Sweep folder (default runs/sweep-<time>-<dataset>-<model>).")
    Path out;

    @Override
    public Integer call() throws Exception {
        PrintWriter console = spec.commandLine().getOut();
        if (!(epsilon > 0) || !Double.isFinite(epsilon)) {
            throw new IllegalArgumentException("--epsilon must be > 0, got " + epsilon);
        }
        boolean uplinkAxis = uplinkAxis(axis);
        picocli.CommandLine.ParseResult given = spec.commandLine().getParseResult();
        List<String> policyList = SweepPolicies.parse(policies);
        if (!uplinkAxis && given.hasMatchedOption("--bits") && policyList.isEmpty()) {
            throw new IllegalArgumentException("fedqnn sweep sets n of each run from --precisions; --bits is for "
                    + "--axis uplink (n fixed, m swept) or the ceiling of the --policies runs");
        }
        if (uplinkAxis && !policyList.isEmpty()) {
            throw new IllegalArgumentException("--policies choose n round by round: they run on --axis training only");
        }
        if (uplinkAxis && given.hasMatchedOption("--uplink-bits")) {
            throw new IllegalArgumentException("fedqnn sweep --axis uplink sets m of each run from --precisions; "
                    + "--uplink-bits is for --axis training (m fixed, n swept)");
        }
        if (uplinkAxis && federation.qnn.bits.isFloat()) {
            throw new IllegalArgumentException("--axis uplink needs a fixed-point --bits, got float32");
        }
        if (!FixedPrecision.NAME.equalsIgnoreCase(federation.strategy.precisionPolicy.trim())) {
            throw new IllegalArgumentException("fedqnn sweep runs fixed precisions; run --precision-policy "
                    + federation.strategy.precisionPolicy + " with fedqnn run (one run per seed), or give it to "
                    + "fedqnn sweep --policies to run it beside them");
        }
        if (seeds != null && given.hasMatchedOption("--seed")) {
            throw new IllegalArgumentException("give --seed S or --seeds S1,S2,..., not both");
        }
        List<Long> seedList = seeds == null ? List.of(federation.seed) : List.copyOf(seeds);
        if (seedList.isEmpty() || seedList.stream().distinct().count() != seedList.size()) {
            throw new IllegalArgumentException("--seeds must name distinct seeds, got " + seeds);
        }
        if (federation.targetAccuracy == null) {
            federation.targetAccuracy = DEFAULT_TARGET_PERCENT;
        }
        List<Precision> list = precisions(uplinkAxis);
        Precision fixedUplink = federation.uplinkBits;
        Precision fixedTraining = federation.qnn.bits;
        Precision ceiling = policyList.isEmpty() ? null
                : SweepPolicies.ceiling(list, given.hasMatchedOption("--bits") ? fixedTraining : null);
        Path userBaseline = federation.baseline;
        Dataset ds = federation.data.load(console);
        if (ceiling != null) {
            // refuse a bad policy now, not after the fixed precisions' runs
            federation.qnn.bits = ceiling;
            RunSettings atCeiling = federation.settings(ds);
            policyList.forEach(p -> PrecisionPolicies.parse(p, atCeiling, fixedUplink == null));
        }
        Path folder = out != null ? out : Path.of("runs", "sweep-"
                + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")) + "-" + ds.name() + "-"
                + federation.qnn.model);
        Files.createDirectories(folder);
        long start = System.nanoTime();
        List<SweepReport.Measured> measured = new ArrayList<>();
        RunSettings first = null;
        int total = (list.size() + policyList.size()) * seedList.size();
        for (long seed : seedList) {
            federation.seed = seed;
            federation.baseline = userBaseline;
            for (Precision p : list) {
                // training axis: n = p, m = --uplink-bits (float32 with float32) or n; uplink axis: n = --bits, m = p
                federation.qnn.bits = uplinkAxis ? fixedTraining : p;
                federation.strategy.precisionPolicy = FixedPrecision.NAME;
                federation.uplinkBits = uplinkAxis ? p : fixedUplink == null || p.isFloat() ? null : fixedUplink;
                RunSettings settings = federation.settings(ds);
                first = first == null || first.seed() == seed ? settings : first;
                String tag = uplinkAxis ? "m" + p.bits() : p.tag();
                Path runFolder = folder.resolve("run-" + tag + (seedList.size() == 1 ? "" : "-seed" + seed));
                console.printf("sweep       %s%s: run %d of %d into %s%n", uplinkAxis ? "m = " : "", p.label()
                        + (seedList.size() == 1 ? "" : ", seed " + seed), measured.size() + 1, total, runFolder);
                measured.add(runOne(p.label(), p, settings, ds, runFolder, console));
                if (p.isFloat() && federation.baseline == null) {
                    federation.baseline = runFolder;
                }
            }
            for (String policy : policyList) {
                federation.qnn.bits = ceiling;
                federation.uplinkBits = fixedUplink;
                federation.strategy.precisionPolicy = policy;
                RunSettings settings = federation.settings(ds);
                String label = SweepPolicies.label(policy);
                Path runFolder = folder.resolve("run-" + label + (seedList.size() == 1 ? "" : "-seed" + seed));
                console.printf("sweep       %s (n up to %s)%s: run %d of %d into %s%n", policy, ceiling.label(),
                        seedList.size() == 1 ? "" : ", seed " + seed, measured.size() + 1, total, runFolder);
                measured.add(runOne(label, ceiling, settings, ds, runFolder, console));
                federation.strategy.precisionPolicy = FixedPrecision.NAME;
            }
        }
        double wall = (System.nanoTime() - start) / 1e9;
        String axisName = uplinkAxis ? SweepSpread.UPLINK : SweepSpread.TRAINING;
        SweepReport.Prediction prediction = SweepReport.predict(first, measured, epsilon, monteCarlo);
        CsvTable.write(folder.resolve("sweep.csv"), SweepRow.class, SweepReport.rows(axisName, measured, prediction));
        List<SweepSummaryRow> spread = SweepSpread.summary(axisName, measured);
        CsvTable.write(folder.resolve(SweepSpread.FILE), SweepSummaryRow.class, spread);
        SweepReport.charts(folder, measured, spread, prediction, first, axisName);
        String md = SweepReport.markdown(first, measured, spread, prediction, wall, epsilon, monteCarlo, axisName,
                seedList, uplinkAxis ? fixedTraining : fixedUplink);
        Files.writeString(folder.resolve("sweep.md"), md);
        console.println();
        console.print(SweepVerdict.verdict(spread, measured, prediction));
        console.printf(Locale.ROOT, "sweep       %d runs in %.1f s; table %s, report %s%n", measured.size(), wall,
                folder.resolve("sweep.csv").toAbsolutePath(), folder.resolve("sweep.md").toAbsolutePath());
        console.flush();
        return 0;
    }

    /** True for --axis uplink, false for training. */
    static boolean uplinkAxis(String axis) {
        return switch (axis.trim().toLowerCase(Locale.ROOT)) {
            case SweepSpread.TRAINING -> false;
            case SweepSpread.UPLINK -> true;
            default -> throw new IllegalArgumentException("--axis must be training or uplink, got '" + axis + "'");
        };
    }

    /** The swept precisions, each once, float32 first (so that every n-bit run can compare with it). */
    private List<Precision> precisions(boolean uplinkAxis) {
        List<Precision> named = precisions;
        if (named == null) {
            named = java.util.Arrays.stream(DEFAULT_PRECISIONS.split(",")).map(Precision::parse)
                    .filter(p -> !uplinkAxis || !p.isFloat()).toList();
        }
        if (named.isEmpty()) {
            throw new IllegalArgumentException("--precisions must name at least one precision");
        }
        List<Precision> list = new ArrayList<>();
        for (Precision parsed : named) {
            if (list.contains(parsed)) {
                throw new IllegalArgumentException("--precisions names " + parsed.label() + " twice");
            }
            if (uplinkAxis && parsed.isFloat()) {
                throw new IllegalArgumentException("--axis uplink sweeps fixed-point widths m; float32 is not one "
                        + "(n = --bits is fixed point)");
            }
            list.add(parsed);
        }
        list.sort(java.util.Comparator.comparing(p -> !p.isFloat()));
        return list;
    }

    /** One run of the sweep into {@code runFolder}, measured; {@code label} names its row. */
    private SweepReport.Measured runOne(String label, Precision p, RunSettings settings, Dataset ds, Path runFolder,
                                        PrintWriter console) throws IOException, InterruptedException {
        console.flush();
        long runStart = System.nanoTime();
        RunOutcome outcome = LocalFederation.run(settings,
                federation.strategy.factory(settings, ds, federation.uplinkBits == null),
                federation.strategy.profiles(settings), ds, runFolder, devices.jvms(federation.data.dataDir),
                new Invocation("fedqnn sweep", RunOptions.of(spec)), console);
        if (!outcome.completed()) {
            throw new IllegalStateException("the " + label + " run did not complete: " + outcome.reason() + " (see "
                    + runFolder + ")");
        }
        return measure(label, p, settings.seed(), runFolder, outcome, settings, (System.nanoTime() - runStart) / 1e9);
    }

    private static SweepReport.Measured measure(String label, Precision p, long seed, Path folder, RunOutcome outcome,
                                                RunSettings s, double wall) throws IOException {
        List<RoundRow> rows = RoundRow.read(folder.resolve(RunFolder.ROUNDS));
        int n = rows.size();
        double[] accuracy = rows.stream().mapToDouble(RoundRow::testAccuracy).toArray();
        double[] joules = rows.stream().mapToDouble(RoundRow::cumulativeJoules).toArray();
        int first = -1;
        for (int i = 0; i < n && first < 0; i++) {
            first = accuracy[i] >= s.targetAccuracy() ? i : -1;
        }
        RoundRow reached = first < 0 ? null : rows.get(first);
        double bestAccuracy = Double.NaN;
        for (double a : accuracy) {
            bestAccuracy = Double.isNaN(bestAccuracy) ? a : Math.max(bestAccuracy, a);
        }
        RoundRow last = n == 0 ? null : rows.get(n - 1);
        return new SweepReport.Measured(label, p, p.wireBits(), seed, folder, outcome.reason(), wall, n,
                first < 0 ? -1 : first + 1,
                reached == null ? Double.NaN : reached.cumulativeJoules(),
                reached == null ? Double.NaN : reached.cumulativeComputeJoules(),
                reached == null ? Double.NaN : reached.cumulativeUplinkJoules(),
                reached == null ? Double.NaN : reached.cumulativeUplinkBits(),
                last == null ? Double.NaN : last.testAccuracy(), bestAccuracy, last == null ? 0 : joules[n - 1],
                last == null ? 0 : last.cumulativeUplinkBits(), last == null ? Double.NaN : last.estimatedG(),
                last == null ? Double.NaN : last.estimatedMeanSigmaSquared(), accuracy, joules);
    }
}
