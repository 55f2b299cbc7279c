package org.fedqnn.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.fedqnn.datasets.Dataset;
import org.fedqnn.qnn.alloc.Widths;
import org.fedqnn.qnn.train.Precision;
import org.fedqnn.qnn.wire.ModelLayout;
import org.fedqnn.server.RunSettings;
import org.fedqnn.server.profile.DeviceProfiles;
import org.fedqnn.server.records.CsvTable;
import org.fedqnn.server.records.Invocation;
import org.fedqnn.server.records.RunOutcome;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code fedqnn compare}: the same federated configuration, seed and device profiles under
 * several precision policies (FedLQ's allocators, docs/layerwise.md), each a whole
 * {@link LocalFederation} run with its own base station and device JVMs, for all --rounds
 * (or to the target with --stop-at-target); then each policy's test accuracy against the
 * modelled time, the uplink bits and the joules, and what it took to reach the target
 * accuracy. Writes {@code compare.csv} (deterministic for a seed: no wall times),
 * {@code compare.md}, three pictures, and one run folder per policy.
 */
@Command(name = "compare", mixinStandardHelpOptions = true,
        description = "Runs one federated configuration under several precision policies (uniform[:m], per-device, "
                + "layerwise[:analytic|measured], exact[:...]); accuracy against modelled time, bits and joules.")
final class CompareCommand implements Callable<Integer> {

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Mixin
    FederationOptions federation;

    @Option(names = "--policies", defaultValue = "uniform,per-device,layerwise", split = ",",
            description = "Policies to run, in order: uniform[:m] (m one of 1-6, 8, 10, 12, 16; default "
                    + "--uplink-bits, else --bits), per-device, layerwise[:analytic|measured], "
                    + "exact[:analytic|measured] (default ${DEFAULT-VALUE}).")
    List<String> policies;

    @Option(names = "--stop-at-target", description = "Stop each run once it reaches --target-accuracy (default: run "
            + "every policy for all --rounds, so that final accuracies compare at equal rounds).")
    boolean stopAtTarget;

    @Mixin
    DeviceJvmOptions devices;

    @Mixin
    ConfigOption config;

    @Option(names = "--out", description = "Comparison folder (default runs/compare-<time>-<dataset>-<model>).")
    Path out;

    @Override
    public Integer call() throws Exception {
        PrintWriter console = spec.commandLine().getOut();
        List<ComparePolicy> list = ComparePolicy.parseAll(policies);
        if (federation.strategy.allocator != null) {
            throw new IllegalArgumentException("fedqnn compare sets the allocator of each run from --policies; "
                    + "--allocator is not for it");
        }
        double targetPercent = federation.targetAccuracy != null ? federation.targetAccuracy
                : SweepCommand.DEFAULT_TARGET_PERCENT;
        Precision givenUplink = federation.uplinkBits;
        String givenSignificance = federation.strategy.significance;
        Dataset ds = federation.data.load(console);
        Path folder = out != null ? out : Path.of("runs", "compare-"
                + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")) + "-" + ds.name() + "-"
                + federation.qnn.model);
        RunSettings first = federation.settings(ds);
        int defaultM = first.uplinkPrecision().wireBits();
        List<String> labels = new ArrayList<>();
        for (ComparePolicy p : list) {
            if (p.allocator().equals("uniform") && Widths.DEFAULT.indexOf(p.uplinkBits() != null ? p.uplinkBits()
                    : defaultM) < 0) {
                throw new IllegalArgumentException("--policies: uniform runs at m = " + defaultM + " (--uplink-bits "
                        + "or --bits), which is not one of " + java.util.Arrays.toString(Widths.DEFAULT.bits())
                        + "; name one with uniform:m");
            }
            String label = p.label(defaultM, givenSignificance);
            if (labels.contains(label)) {
                throw new IllegalArgumentException("--policies names " + label + " twice");
            }
            labels.add(label);
        }
        DeviceProfiles profiles = federation.strategy.profiles(first);
        Files.createDirectories(folder);
        long start = System.nanoTime();
        List<CompareReport.Run> runs = new ArrayList<>();
        RunSettings last = null;
        double window = Double.NaN;
        for (int i = 0; i < list.size(); i++) {
            ComparePolicy p = list.get(i);
            federation.strategy.allocator = p.allocator();
            federation.uplinkBits = p.uplinkBits() != null ? Precision.fixed(p.uplinkBits()) : givenUplink;
            federation.strategy.significance = p.significance() != null ? p.significance() : givenSignificance;
            federation.targetAccuracy = stopAtTarget ? targetPercent : null;
            RunSettings settings = federation.settings(ds);
            last = settings;
            window = federation.strategy.uploadWindow(new ModelLayout(settings.model().create(
                    settings.trainingPrecision(), settings.seed()).parameters(), settings.trainingPrecision()),
                    profiles);
            String label = labels.get(i);
            Path runFolder = folder.resolve("run-" + label.replace(':', '-'));
            console.printf(Locale.ROOT, "compare     %s: run %d of %d into %s (upload window %.4g s)%n", label, i + 1,
                    list.size(), runFolder, window);
            console.flush();
            long runStart = System.nanoTime();
            RunOutcome outcome = LocalFederation.run(settings,
                    federation.strategy.factory(settings, ds, federation.uplinkBits == null), profiles, ds, runFolder, devices.jvms(federation.data.dataDir),
                    new Invocation("fedqnn compare", RunOptions.of(spec)), console);
            if (!outcome.completed()) {
                throw new IllegalStateException("the " + label + " run did not complete: " + outcome.reason()
                        + " (see " + runFolder + ")");
            }
            boolean measures = !p.allocator().equals("uniform") && !p.allocator().equals("per-device");
            runs.add(CompareReport.read(p, label, p.allocator().equals("uniform") ? settings.uplinkPrecision()
                    .wireBits() : null, measures ? federation.strategy.significance.trim().toLowerCase(Locale.ROOT)
                    : null, window, targetPercent / 100, runFolder, outcome.reason(),
                    (System.nanoTime() - runStart) / 1e9));
        }
        double wall = (System.nanoTime() - start) / 1e9;
        CsvTable.write(folder.resolve("compare.csv"), CompareRow.class, CompareReport.rows(runs));
        CompareReport.charts(folder, runs, last, profiles.scenario());
        Map<String, Object> setup = new LinkedHashMap<>();
        setup.put("devices", profiles.scenario());
        setup.put("budget", federation.strategy.budgetBitsPerWeight != null
                ? federation.strategy.budgetBitsPerWeight + " bits per quantized weight on average over the devices "
                + "(upload window " + String.format(Locale.ROOT, "%.4g", window) + " s)"
                : "rate x upload window of " + String.format(Locale.ROOT, "%.4g", window) + " s");
        setup.put("runs", stopAtTarget ? "each to the target or --rounds" : "each for all --rounds");
        Files.writeString(folder.resolve("compare.md"), CompareReport.markdown(last, runs, setup, wall));
        console.println();
        console.print(CompareReport.verdict(runs, last.trainingPrecision().wireBits()));
        console.printf(Locale.ROOT, "compare     %d runs in %.1f s; table %s, report %s%n", runs.size(), wall,
                folder.resolve("compare.csv").toAbsolutePath(), folder.resolve("compare.md").toAbsolutePath());
        console.flush();
        return 0;
    }
}
