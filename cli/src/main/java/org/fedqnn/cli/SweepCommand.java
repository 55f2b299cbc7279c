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
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code fedqnn sweep}: the same federated configuration and seed at several precisions and the
 * float32 baseline, each a whole {@link LocalFederation} run to the target test accuracy or the
 * round limit, then the measured rounds and joules to target next to the paper model's T(n) and
 * f_E(n) of eq. (23) for the same N, K, I, d and counts, the predicted n* against the n that
 * measured best, and the saving of the best n against float32 (which runs first, so that each
 * n-bit run's own report compares with it). Writes {@code sweep.csv}
 * (deterministic for a seed: no wall times), {@code sweep.md} and four pictures, and one run
 * folder per precision.
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

    @Option(names = "--precisions", defaultValue = "4,6,8,10,12,16,float", split = ",",
            description = "Precisions to run, bit widths 1..32 and 'float' (default ${DEFAULT-VALUE}).")
    List<Precision> precisions;

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
        if (precisions.isEmpty()) {
            throw new IllegalArgumentException("--precisions must name at least one precision");
        }
        if (!(epsilon > 0) || !Double.isFinite(epsilon)) {
            throw new IllegalArgumentException("--epsilon must be > 0, got " + epsilon);
        }
        picocli.CommandLine.ParseResult given = spec.commandLine().getParseResult();
        if (given.hasMatchedOption("--bits") || given.hasMatchedOption("--uplink-bits")) {
            throw new IllegalArgumentException("fedqnn sweep sets the precision of each run from --precisions; "
                    + "--bits and --uplink-bits are not for it");
        }
        if (federation.targetAccuracy == null) {
            federation.targetAccuracy = DEFAULT_TARGET_PERCENT;
        }
        List<Precision> list = new ArrayList<>();
        for (Precision parsed : precisions) {
            if (list.contains(parsed)) {
                throw new IllegalArgumentException("--precisions names " + parsed.label() + " twice");
            }
            list.add(parsed);
        }
        // float32 first, so that every n-bit run's report can give its saving against it
        list.sort(java.util.Comparator.comparing(p -> !p.isFloat()));
        Dataset ds = federation.data.load(console);
        Path folder = out != null ? out : Path.of("runs", "sweep-"
                + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")) + "-" + ds.name() + "-"
                + federation.qnn.model);
        Files.createDirectories(folder);
        long start = System.nanoTime();
        List<SweepReport.Measured> measured = new ArrayList<>();
        RunSettings last = null;
        for (Precision p : list) {
            federation.qnn.bits = p;
            federation.uplinkBits = null;
            RunSettings settings = federation.settings(ds);
            last = settings;
            Path runFolder = folder.resolve("run-" + p.tag());
            console.printf("sweep       %s: run %d of %d into %s%n", p.label(), measured.size() + 1, list.size(),
                    runFolder);
            console.flush();
            long runStart = System.nanoTime();
            RunOutcome outcome = LocalFederation.run(settings, federation.strategy.factory(settings, ds),
                    federation.strategy.profiles(settings), ds, runFolder,
                    devices.jvms(federation.data.dataDir),
                    new Invocation("fedqnn sweep", RunOptions.of(spec)), console);
            if (!outcome.completed()) {
                throw new IllegalStateException("the " + p.label() + " run did not complete: " + outcome.reason()
                        + " (see " + runFolder + ")");
            }
            measured.add(measure(p, runFolder, outcome, settings, (System.nanoTime() - runStart) / 1e9));
            if (p.isFloat() && federation.baseline == null) {
                federation.baseline = runFolder;
            }
        }
        double wall = (System.nanoTime() - start) / 1e9;
        SweepReport.Prediction prediction = SweepReport.predict(last, measured, epsilon, monteCarlo);
        CsvTable.write(folder.resolve("sweep.csv"), SweepRow.class, SweepReport.rows(measured, prediction));
        SweepReport.charts(folder, measured, prediction, last);
        String md = SweepReport.markdown(last, measured, prediction, wall, epsilon, monteCarlo);
        Files.writeString(folder.resolve("sweep.md"), md);
        console.println();
        console.print(SweepReport.verdict(measured, prediction));
        console.printf(Locale.ROOT, "sweep       %d runs in %.1f s; table %s, report %s%n", measured.size(), wall,
                folder.resolve("sweep.csv").toAbsolutePath(), folder.resolve("sweep.md").toAbsolutePath());
        console.flush();
        return 0;
    }

    private static SweepReport.Measured measure(Precision p, Path folder, RunOutcome outcome, RunSettings s,
                                                double wall) throws IOException {
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
        return new SweepReport.Measured(p.label(), p, p.wireBits(), folder, outcome.reason(), wall, n,
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
