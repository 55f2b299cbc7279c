package org.fedqnn.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.fedqnn.qnn.bound.EnergyObjective;
import org.fedqnn.qnn.bound.EnergyPoint;
import org.fedqnn.qnn.bound.PrecisionOptimizer;
import org.fedqnn.qnn.cost.CostCounter;
import org.fedqnn.qnn.cost.ModelSpecs;
import org.fedqnn.qnn.cost.ReferenceNetworks;
import org.fedqnn.qnn.energy.ComputeWorkload;
import org.fedqnn.qnn.energy.UplinkExpectation;

/**
 * The data of the paper's Figures 3-7 (section IV), and one more on the MAC units p, from the
 * energy model and bound at the given settings. Counts come from {@link CostCounter}: the
 * paper's CNN on 3x32x32, the ImageNet networks of {@link ReferenceNetworks} on 3x224x224.
 * One uplink expectation (Monte Carlo) serves every figure: it does not depend on n, I, K,
 * d, epsilon or p. Pure computation, no I/O; confined to one thread.
 */
final class PaperFigures {

    /** The paper's n* of Fig. 7, by network. */
    static final Map<String, Integer> PAPER_FIG7_N_STAR = Map.of(
            "alexnet", 14, "resnet50", 13, "vgg16", 15, "senet154", 15, "dpn131", 14);
    /** The paper's n* of Fig. 3 (its CNN at the defaults). */
    static final int PAPER_FIG3_N_STAR = 10;
    /**
     * The paper's own counts of its CNN (section IV: N_c = 20.64e6, N_s = 0.18e6, O_s = 1354),
     * shown beside the counter's in Figs. 3 and 6 to tell the effect of the counts from the
     * effect of the model; d = N_s.
     */
    static final ModelCounts PAPER_CNN_AS_PRINTED = new ModelCounts("paper-cnn (paper's counts)",
            ComputeWorkload.paper(20.64e6, 0.18e6, 1354), 180_000);

    private final EnergyModelSettings settings;
    private final UplinkExpectation uplink;
    private final ModelCounts cnn;

    PaperFigures(EnergyModelSettings settings) {
        this.settings = settings;
        this.uplink = settings.uplink();
        this.cnn = ModelCounts.named("paper-cnn", ModelSpecs.CIFAR10_INPUT);
    }

    /** The uplink expectation every figure uses. */
    UplinkExpectation uplink() {
        return uplink;
    }

    /** Figures 3-7 and the p figure, in order. */
    List<FigureTable> all() {
        return List.of(fig3(), fig4(), fig5(), fig6(), fig7(), figMacUnits());
    }

    private EnergyObjective objective(EnergyModelSettings s, ModelCounts counts) {
        return s.objective(counts.workload(), counts.modelSize(), uplink);
    }

    /** Fig. 3: f_E(n), T(n) and the parts for the paper's CNN, n = 1..n_max. */
    FigureTable fig3() {
        EnergyObjective objective = objective(settings, cnn);
        EnergyObjective printed = objective(settings, PAPER_CNN_AS_PRINTED);
        int nStar = PrecisionOptimizer.optimize(objective).nStar();
        int nStarPrinted = PrecisionOptimizer.optimize(printed).nStar();
        List<List<Object>> rows = new ArrayList<>();
        for (int n = 1; n <= objective.nMax(); n++) {
            EnergyPoint p = objective.evaluate(n);
            rows.add(List.of(n, p.v(), p.rounds(), p.computeJoules(), p.uplinkJoules(), p.totalJoules(),
                    n == nStar ? 1 : 0, printed.joules(n), n == nStarPrinted ? 1 : 0));
        }
        return new FigureTable("fig3-energy-vs-n", String.format(Locale.ROOT,
                "Fig. 3: energy to reach epsilon = %s, paper CNN: n* = %d, %d with the paper's counts (paper: %d)",
                EnergyModelSettings.num(settings.epsilon()), nStar, nStarPrinted, PAPER_FIG3_N_STAR),
                List.of("n", "v", "rounds", "compute_joules", "uplink_joules", "total_joules", "is_n_star",
                        "total_joules_paper_counts", "is_n_star_paper_counts"), rows);
    }

    /** Fig. 4: n* of the paper's CNN for I = 1..20. */
    FigureTable fig4() {
        List<List<Object>> rows = new ArrayList<>();
        for (int steps = 1; steps <= 20; steps++) {
            EnergyModelSettings s = new EnergyModelSettings(settings.energy(), settings.cell(),
                    settings.bound(), settings.federation().withLocalSteps(steps), settings.epsilon(),
                    settings.monteCarloRuns(), settings.seed());
            PrecisionOptimizer.Optimum o = PrecisionOptimizer.optimize(objective(s, cnn));
            rows.add(List.of(steps, o.nStar(), o.continuousN(), o.joules()));
        }
        return new FigureTable("fig4-n-star-vs-local-steps",
                "Fig. 4: n* vs local steps I, paper CNN (paper: 10 at I = 3, 7 at I = 20)",
                List.of("local_steps", "n_star", "continuous_n", "total_joules_at_n_star"), rows);
    }

    /** Fig. 5: n* for model sizes d = 1e4..1e9 with N_c = 500 N_s and O_s = N_s. */
    FigureTable fig5() {
        List<List<Object>> rows = new ArrayList<>();
        for (int decade = 4; decade <= 9; decade++) {
            for (int mantissa : new int[] {1, 2, 5}) {
                if (decade == 9 && mantissa > 1) {
                    break;
                }
                long d = mantissa * (long) Math.pow(10, decade);
                ModelCounts counts = new ModelCounts("d = " + d, ComputeWorkload.paper(500.0 * d, d, d), d);
                PrecisionOptimizer.Optimum o = PrecisionOptimizer.optimize(objective(settings, counts));
                rows.add(List.of(d, 500.0 * d, (double) d, o.nStar(), o.continuousN(), o.joules()));
            }
        }
        return new FigureTable("fig5-n-star-vs-model-size",
                "Fig. 5: n* vs model size d (N_s = d, N_c = 500 N_s, O_s = N_s)",
                List.of("model_size", "forward_macs", "outputs", "n_star", "continuous_n",
                        "total_joules_at_n_star"), rows);
    }

    /** Fig. 6: f_E(n*) and n* of the paper's CNN for epsilon = 1e-3..1e-1. */
    FigureTable fig6() {
        List<List<Object>> rows = new ArrayList<>();
        EnergyObjective base = objective(settings, cnn);
        EnergyObjective printed = objective(settings, PAPER_CNN_AS_PRINTED);
        for (int k = 0; k <= 8; k++) {
            double epsilon = Math.pow(10, -3 + k / 4.0);
            EnergyObjective objective = base.withEpsilon(epsilon);
            PrecisionOptimizer.Optimum o = PrecisionOptimizer.optimize(objective);
            EnergyPoint p = objective.evaluate(o.nStar());
            PrecisionOptimizer.Optimum q = PrecisionOptimizer.optimize(printed.withEpsilon(epsilon));
            rows.add(List.of(epsilon, o.nStar(), o.continuousN(), p.rounds(), p.totalJoules(), q.nStar(),
                    q.joules()));
        }
        return new FigureTable("fig6-energy-vs-epsilon",
                "Fig. 6: energy and n* vs target epsilon, paper CNN (paper: +127 J and +1 bit from 0.01 to 0.001)",
                List.of("epsilon", "n_star", "continuous_n", "rounds_at_n_star", "total_joules_at_n_star",
                        "n_star_paper_counts", "total_joules_at_n_star_paper_counts"), rows);
    }

    /** Fig. 7: f_E at n* against the n_max-bit baseline for the five ImageNet networks. */
    FigureTable fig7() {
        List<List<Object>> rows = new ArrayList<>();
        for (String name : ReferenceNetworks.names()) {
            ModelCounts counts = ModelCounts.of(
                    CostCounter.count(ReferenceNetworks.byName(name), ReferenceNetworks.IMAGENET_INPUT));
            EnergyObjective objective = objective(settings, counts);
            PrecisionOptimizer.Optimum o = PrecisionOptimizer.optimize(objective);
            double baseline = objective.joules(objective.nMax());
            ComputeWorkload w = counts.workload();
            rows.add(List.of(name, w.weights(), w.macs(), w.outputs(), o.nStar(),
                    PAPER_FIG7_N_STAR.get(name), o.joules(), baseline, 100 * (1 - o.joules() / baseline)));
        }
        return new FigureTable("fig7-networks",
                "Fig. 7: energy at n* vs the " + settings.energy().nMax() + "-bit baseline (ImageNet networks)",
                List.of("network", "weights", "forward_macs", "outputs", "n_star", "paper_n_star",
                        "total_joules_at_n_star", "baseline_joules", "saving_percent"), rows);
    }

    /** How much p matters: n* and f_E(n*) for p = 1..4096, paper CNN, ResNet-50, VGG-16. */
    FigureTable figMacUnits() {
        List<List<Object>> rows = new ArrayList<>();
        List<ModelCounts> models = List.of(cnn,
                ModelCounts.of(CostCounter.count(ReferenceNetworks.resNet50(), ReferenceNetworks.IMAGENET_INPUT)),
                ModelCounts.of(CostCounter.count(ReferenceNetworks.vgg16(), ReferenceNetworks.IMAGENET_INPUT)));
        for (ModelCounts counts : models) {
            for (int p = 1; p <= 4096; p *= 4) {
                EnergyModelSettings s = new EnergyModelSettings(settings.energy().withMacUnits(p),
                        settings.cell(), settings.bound(), settings.federation(), settings.epsilon(),
                        settings.monteCarloRuns(), settings.seed());
                EnergyObjective objective = objective(s, counts);
                PrecisionOptimizer.Optimum o = PrecisionOptimizer.optimize(objective);
                EnergyPoint at = objective.evaluate(o.nStar());
                double atDefault = PrecisionOptimizer.optimize(objective(settings, counts)).joules();
                rows.add(List.of(counts.label().split(" ")[0], p, o.nStar(), o.continuousN(), at.totalJoules(),
                        at.computeJoules(), at.uplinkJoules(), at.totalJoules() / atDefault));
            }
        }
        return new FigureTable("fig8-mac-units", String.format(Locale.ROOT,
                "How much p matters: n* and energy at n* vs MAC units p (default p = %d)",
                settings.energy().macUnits()),
                List.of("network", "mac_units", "n_star", "continuous_n", "total_joules_at_n_star",
                        "compute_joules_at_n_star", "uplink_joules_at_n_star", "energy_relative_to_default_p"),
                rows);
    }
}
