package org.fedqnn.qnn.bound;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.fedqnn.qnn.cost.CostCounter;
import org.fedqnn.qnn.cost.ModelSpecs;
import org.fedqnn.qnn.cost.NetworkCost;
import org.fedqnn.qnn.energy.ChannelParameters;
import org.fedqnn.qnn.energy.ComputeWorkload;
import org.fedqnn.qnn.energy.EnergyParameters;
import org.fedqnn.qnn.energy.UplinkExpectation;
import org.junit.jupiter.api.Test;

/**
 * Pins the claims of docs/energy-and-bound.md: with the default readings and the paper's own
 * counts of its CNN, f_E gives the paper's n* = 10 (Fig. 3) and its +127 J from epsilon 0.01 to
 * 0.001 (Fig. 6); the counter's counts give n* = 11; eq. (21) as printed (G^2) gives 14.
 */
class PaperReadingsTest {

    private static final EnergyParameters ENERGY = EnergyParameters.paperDefaults();
    private static final UplinkExpectation UPLINK =
            UplinkExpectation.monteCarlo(ENERGY, ChannelParameters.paperDefaults(), 50, 10_000, 1);

    private static EnergyObjective objective(BoundParameters bound, ComputeWorkload w, long d, double eps) {
        return new EnergyObjective(ENERGY, w, new ConvergenceBound(bound, FederatedSetting.paperDefaults(), d),
                eps, UPLINK);
    }

    @Test
    void thePapersCountsGiveItsFigureThreeAndSix() {
        ComputeWorkload printed = ComputeWorkload.paper(20.64e6, 0.18e6, 1354);
        EnergyObjective f = objective(BoundParameters.paperDefaults(), printed, 180_000, 0.01);
        assertEquals(10, PrecisionOptimizer.optimize(f).nStar());
        double loose = PrecisionOptimizer.optimize(f).joules();
        double tight = PrecisionOptimizer.optimize(f.withEpsilon(0.001)).joules();
        assertEquals(127, tight - loose, 8);
    }

    @Test
    void theCountersCountsGiveOneBitMore() {
        NetworkCost cnn = CostCounter.count(ModelSpecs.paperCnn(), ModelSpecs.CIFAR10_INPUT);
        EnergyObjective f = objective(BoundParameters.paperDefaults(), ComputeWorkload.paper(cnn), cnn.weights(),
                0.01);
        assertEquals(11, PrecisionOptimizer.optimize(f).nStar());
        BoundParameters asPrinted = BoundParameters.paperDefaults()
                .withGradientBoundReading(BoundParameters.GradientBoundReading.AS_PRINTED);
        assertEquals(14, PrecisionOptimizer.optimize(
                objective(asPrinted, ComputeWorkload.paper(cnn), cnn.weights(), 0.01)).nStar());
    }
}
