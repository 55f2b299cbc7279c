package org.fedqnn.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.fedqnn.qnn.bound.EnergyObjective;
import org.fedqnn.qnn.bound.EnergyPoint;
import org.fedqnn.qnn.bound.PrecisionOptimizer;
import org.fedqnn.qnn.energy.ComputeWorkload;
import org.fedqnn.qnn.energy.UplinkExpectation;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code fedqnn optimize}: f_E(n) of eq. (23), T(n) and the compute and uplink joules for
 * n = 1..n_max, and n* of the line search (section III), for a model spec or explicit counts;
 * with {@code --calibrate RUN_DIR...}, the calibrated prediction of {@link CalibratedOptimize}.
 */
@Command(name = "optimize", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Tabulates the expected energy to reach epsilon, f_E(n) of eq. (23), with T(n) "
                + "and its compute and uplink parts for n = 1..n_max, and finds n* by line search. "
                + "Counts come from a model spec (paper convention: forward counts of one sample "
                + "per local iteration) or from --nc, --ns, --os.")
final class OptimizeCommand implements Callable<Integer> {

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", arity = "0..1",
            description = "Model spec: ${COMPLETION-CANDIDATES}; omit it to give --nc, --ns, --os.",
            completionCandidates = Names.class)
    String model;

    @Option(names = "--input", description = "Input shape CxHxW to count the model on (default: 3x32x32 "
            + "for paper-cnn, 1x28x28 for mlp, 3x224x224 for the ImageNet networks).")
    String input;

    @Option(names = "--nc", description = "N_c: MACs of one sample's forward pass.")
    Double nc;

    @Option(names = "--ns", description = "N_s: weights.")
    Double ns;

    @Option(names = "--os", description = "O_s: intermediate outputs of one sample.")
    Double os;

    @Option(names = "--d", description = "d: values in one update (default N_s).")
    Long d;

    @Option(names = "--calibrate", arity = "1..*", paramLabel = "RUN_DIR",
            description = "Pilot run folders (fedqnn run --out) at two precisions at least: fit the calibrated "
                    + "T(n) and f_E(n) on them (docs/calibrated-predictor.md) and print them for n = 1..16 and "
                    + "float32 next to the paper's for the pilots' configuration.")
    List<Path> calibrate;

    @Option(names = "--target-accuracy", paramLabel = "P",
            description = "With --calibrate: the test accuracy in percent to predict rounds and joules to "
                    + "(default: the pilots' own --target-accuracy).")
    Double targetAccuracy;

    @Option(names = "--target-loss", paramLabel = "F",
            description = "With --calibrate: a training-loss target F(w_t) instead of an accuracy.")
    Double targetLoss;

    @Option(names = "--out", paramLabel = "FILE", description = "With --calibrate: also write the table as CSV.")
    Path out;

    @Mixin
    EnergyModelOptions options;

    @Override
    public Integer call() throws IOException {
        if (calibrate != null) {
            if (model != null || nc != null || ns != null || os != null || d != null || input != null) {
                throw new IllegalArgumentException("--calibrate takes the model and counts from the pilots' run "
                        + "folders; give no model spec, --input, --nc, --ns, --os or --d with it");
            }
            return CalibratedOptimize.run(calibrate, targetAccuracy, targetLoss, options.epsilon,
                    options.monteCarloRuns, options.seed, out, spec.commandLine().getOut());
        }
        if (targetAccuracy != null || targetLoss != null || out != null) {
            throw new IllegalArgumentException("--target-accuracy, --target-loss and --out go with --calibrate");
        }
        EnergyModelSettings settings = options.settings();
        ModelCounts counts = counts();
        UplinkExpectation uplink = settings.uplink();
        EnergyObjective objective = settings.objective(counts.workload(), counts.modelSize(), uplink);
        PrecisionOptimizer.Optimum optimum = PrecisionOptimizer.optimize(objective);

        PrintWriter out = spec.commandLine().getOut();
        ComputeWorkload w = counts.workload();
        out.printf(Locale.ROOT, "model   %s: N_c = %,.0f MACs, N_s = %,.0f weights, O_s = %,.0f outputs, "
                + "d = %,d (forward counts of one sample per local iteration)%n",
                counts.label(), w.macs(), w.weights(), w.outputs(), counts.modelSize());
        out.println(settings.describe());
        out.printf(Locale.ROOT, "uplink  mean %.4g s/bit (standard error %.2g) over %d cells x %d devices, seed %d%n",
                uplink.meanSecondsPerBit(), uplink.standardErrorSecondsPerBit(), uplink.runs(),
                uplink.devices(), settings.seed());
        out.print(settings.propositionNote());
        out.println();
        out.printf(Locale.ROOT, "%3s %12s %12s %14s %14s %14s%n", "n", "v", "T rounds", "compute J",
                "uplink J", "f_E(n) J");
        for (int n = 1; n <= objective.nMax(); n++) {
            EnergyPoint p = objective.evaluate(n);
            out.printf(Locale.ROOT, "%3d %12.5g %12.5g %14.5g %14.5g %14.5g%s%n", n, p.v(), p.rounds(),
                    p.computeJoules(), p.uplinkJoules(), p.totalJoules(), n == optimum.nStar() ? "  <- n*" : "");
        }
        double full = objective.joules(objective.nMax());
        out.printf(Locale.ROOT, "%nn* = %d (line search minimum at n = %.3f); f_E(n*) = %.5g J, %.1f%% below "
                        + "n = %d (%.5g J)%n", optimum.nStar(), optimum.continuousN(), optimum.joules(),
                full > 0 ? 100 * (1 - optimum.joules() / full) : 0.0, objective.nMax(), full);
        out.flush();
        return 0;
    }

    private ModelCounts counts() {
        boolean explicit = nc != null || ns != null || os != null;
        ModelCounts counts;
        if (model != null) {
            if (explicit) {
                throw new IllegalArgumentException("give a model spec or --nc, --ns, --os, not both (got '"
                        + model + "' and counts)");
            }
            counts = ModelCounts.named(model,
                    input == null ? ModelCounts.defaultInput(model) : CostCommand.parseShape(input));
        } else {
            if (nc == null || ns == null || os == null) {
                throw new IllegalArgumentException("without a model spec, --nc, --ns and --os are all needed "
                        + "(got --nc " + nc + ", --ns " + ns + ", --os " + os + ")");
            }
            if (input != null) {
                throw new IllegalArgumentException("--input needs a model spec, got --input " + input);
            }
            ComputeWorkload workload = ComputeWorkload.paper(nc, ns, os);
            counts = new ModelCounts("explicit counts", workload, Math.max(1, Math.round(ns)));
        }
        return d == null ? counts : counts.withModelSize(d);
    }

    /** The model names, for help and completion. */
    static final class Names implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            return ModelCounts.names().iterator();
        }
    }
}
