package org.fedqnn.qnn.energy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.fedqnn.qnn.cost.CostCounter;
import org.fedqnn.qnn.cost.ModelSpecs;
import org.fedqnn.qnn.cost.NetworkCost;
import org.junit.jupiter.api.Test;

/** Eq. (9) against values worked by hand. */
class ComputeEnergyTest {

    private static final double A = 3.7e-12;
    /** p = 4 makes sqrt(n / (p n_max)) = 1/4 at n = 8. */
    private static final EnergyParameters CHIP = EnergyParameters.paperDefaults().withMacUnits(4);

    @Test
    void macEnergyIsAOverNMaxToTheAlpha() {
        // (8/32)^1.25 = 2^-2.5
        assertEquals(A * 0.17677669529663687, ComputeEnergy.macJoules(CHIP, 8), 1e-27);
        assertEquals(A, ComputeEnergy.macJoules(CHIP, 32), 1e-27);
        assertEquals(A * Math.pow(1.0 / 32, 1.25), ComputeEnergy.macJoules(CHIP, 1), 1e-30);
    }

    @Test
    void eachPartOfEquationNineByHand() {
        // N_c = 1000, N_s = 100, O_s = 10 at n = 8: e = E_MAC(8), E_l = e, E_m = 2e, reuse 1/4
        double e = A * 0.17677669529663687;
        ComputeEnergy energy = ComputeEnergy.of(CHIP, ComputeWorkload.paper(1000, 100, 10), 8);
        // E_C = e N_c + 4 O_s A = 1000 e + 40 A
        assertEquals(1000 * e + 40 * A, energy.computeJoules(), 1e-24);
        // E_W = 2e N_s + e N_c / 4 = 200 e + 250 e
        assertEquals(450 * e, energy.weightAccessJoules(), 1e-24);
        // E_A = 2 (2e) O_s + e N_c / 4 = 40 e + 250 e
        assertEquals(290 * e, energy.activationAccessJoules(), 1e-24);
        assertEquals(1740 * e + 40 * A, energy.totalJoules(), 1e-24);
    }

    @Test
    void thePaperCnnAtTenBitsAndDefaultChip() {
        // N_c = 20.64e6, N_s = 0.18e6, O_s = 1354 (section IV), p = 256: reuse sqrt(10 / 8192)
        double e = A * Math.pow(10.0 / 32, 1.25);
        double reuse = Math.sqrt(10.0 / (256 * 32));
        double expected = e * 20.64e6 + 4 * 1354 * A
                + 2 * e * 0.18e6 + e * 20.64e6 * reuse
                + 4 * e * 1354 + e * 20.64e6 * reuse;
        double actual = ComputeEnergy.of(EnergyParameters.paperDefaults(),
                ComputeWorkload.paper(20.64e6, 0.18e6, 1354), 10).totalJoules();
        assertEquals(expected, actual, expected * 1e-12);
        assertEquals(1.9e-5, actual, 0.1e-5); // about 19 microjoules per local iteration
    }

    @Test
    void energyGrowsWithPrecision() {
        ComputeWorkload w = ComputeWorkload.paper(1e6, 1e4, 1e4);
        double previous = 0;
        for (double n = 1; n <= 32; n += 0.5) {
            double now = ComputeEnergy.of(CHIP, w, n).totalJoules();
            assertTrue(now > previous, "E^C(" + n + ") = " + now + " after " + previous);
            previous = now;
        }
    }

    @Test
    void measuredRoundCountsBatchForwardBackwardAndIterations() {
        NetworkCost cost = CostCounter.count(ModelSpecs.paperCnn(), ModelSpecs.CIFAR10_INPUT);
        ComputeWorkload round = ComputeWorkload.measuredRound(cost, 32, 5);
        assertEquals(ComputeWorkload.Source.MEASURED_ROUND, round.source());
        assertEquals(60_284_928.0 * 32 * 5, round.macs());
        assertEquals(227_402.0 * 5, round.weights());
        assertEquals(221_194.0 * 32 * 5, round.outputs());
        ComputeWorkload paper = ComputeWorkload.paper(cost);
        assertEquals(ComputeWorkload.Source.PAPER_PER_ITERATION, paper.source());
        assertEquals(20_684_800.0, paper.macs());
    }

    @Test
    void precisionOutsideOneToNMaxIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ComputeEnergy.of(CHIP, ComputeWorkload.paper(1, 1, 1), 33));
        assertEquals("precision n must be in [1.0, 32.0], got 33.0", e.getMessage());
    }
}
