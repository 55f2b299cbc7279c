package org.fedqnn.qnn.bound;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.fedqnn.qnn.energy.ComputeWorkload;
import org.fedqnn.qnn.energy.EnergyParameters;
import org.fedqnn.qnn.energy.UplinkExpectation;
import org.junit.jupiter.api.Test;

/** f_E of eqs. (14) and (23) against a value worked by hand. */
class EnergyObjectiveTest {

    private static final double A = 3.7e-12;
    /** p = 4: sqrt(n / (p n_max)) = 1/4 at n = 8. */
    private static final EnergyParameters CHIP = EnergyParameters.paperDefaults().withMacUnits(4);
    /** G = 0 and sigma^2 = 1 leave v = 1/N + d / 4^n. */
    private static final BoundParameters BOUND = new BoundParameters(1, 1, 5, 1, 1, 0,
            BoundParameters.GradientBoundReading.SQUARED_NORM);
    /** 10 ns per bit on average. */
    private static final UplinkExpectation UPLINK = new UplinkExpectation(1e-8, 0, 1, 1);

    @Test
    void paperConventionMultipliesComputeByTheLocalSteps() {
        // N = 2, K = 1, I = 2, d = 100, n = 8, epsilon = 0.1
        ConvergenceBound bound = new ConvergenceBound(BOUND, new FederatedSetting(2, 1, 2), 100);
        EnergyObjective f = new EnergyObjective(CHIP, ComputeWorkload.paper(1000, 100, 10), bound, 0.1, UPLINK);
        double v = 0.5 + 100 / 65536.0;
        double rounds = v / 0.2 - 1;                              // 1.50762939453125
        double e = A * 0.17677669529663687;                       // E_MAC(8)
        double computePerIteration = 1740 * e + 40 * A;            // eq. (9), see ComputeEnergyTest
        double uplink = 0.1 * (100 * 8) * 1e-8;                   // P d n s = 8e-7 J
        EnergyPoint p = f.evaluate(8);
        assertEquals(v, p.v(), 1e-15);
        assertEquals(1.50762939453125, p.rounds(), 1e-14);
        assertEquals(2 * computePerIteration, p.computeJoulesPerDeviceRound(), 1e-22);
        assertEquals(uplink, p.uplinkJoulesPerDeviceRound(), 1e-20);
        double total = 1 * rounds * (uplink + 2 * computePerIteration); // (K/N) T N (E_UL + I E_C)
        assertEquals(total, p.totalJoules(), 1e-18);
        assertEquals(total, f.joules(8), 1e-18);
        assertEquals(p.computeJoules() + p.uplinkJoules(), p.totalJoules(), 1e-18);
    }

    @Test
    void measuredRoundIsNotMultipliedAgain() {
        ConvergenceBound bound = new ConvergenceBound(BOUND, new FederatedSetting(2, 1, 2), 100);
        ComputeWorkload round = new ComputeWorkload(ComputeWorkload.Source.MEASURED_ROUND, 1000, 100, 10);
        EnergyObjective f = new EnergyObjective(CHIP, round, bound, 0.1, UPLINK);
        double e = A * 0.17677669529663687;
        assertEquals(1740 * e + 40 * A, f.evaluate(8).computeJoulesPerDeviceRound(), 1e-22);
    }

    @Test
    void selectedDevicesScaleTheTotal() {
        EnergyObjective one = new EnergyObjective(CHIP, ComputeWorkload.paper(1000, 100, 10),
                new ConvergenceBound(BOUND, new FederatedSetting(50, 1, 5), 1000), 0.01, UPLINK);
        EnergyObjective thirty = new EnergyObjective(CHIP, ComputeWorkload.paper(1000, 100, 10),
                new ConvergenceBound(BOUND, new FederatedSetting(50, 30, 5), 1000), 0.01, UPLINK);
        // G = 0 takes K out of v, so K only multiplies the energy of a round
        assertEquals(30 * one.joules(12), thirty.joules(12), 1e-12 * thirty.joules(12));
    }
}
