package org.fedqnn.qnn.bound;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** v of eq. (21), the bound of eq. (20) and T of eq. (22) against values worked by hand. */
class ConvergenceBoundTest {

    private static final BoundParameters PAPER = BoundParameters.paperDefaults();
    private static final FederatedSetting SETTING = FederatedSetting.paperDefaults();

    @Test
    void vWithGReadAsABoundOnTheSquaredNorm() {
        // N = 50, K = 30, I = 5, sigma = 1, G = 0.02 entering as G, d = 1000, n = 8
        double noise = 1.0 / 50;                                    // sum sigma^2 / N^2
        double quantization = 1000 / 65536.0 * (1 + 2 * 5 * 0.02 / 30);
        double drift = 4 * 16 * 0.02;                               // 4 (I-1)^2 G
        double sampling = 4.0 * 20 / (30 * 49) * 25 * 0.02;         // 4 (N-K)/(K(N-1)) I^2 G
        double v = noise + quantization + drift + sampling;
        assertEquals(1.3425713986766582, v, 1e-15);
        ConvergenceBound bound = new ConvergenceBound(PAPER, SETTING, 1000);
        assertEquals(v, bound.v(8), 1e-15);
        // T = L v / (2 eps) - gamma at eps = 0.01
        assertEquals(v / 0.02 - 1, bound.rounds(8, 0.01), 1e-12);
        assertEquals(66.12856993383291, bound.rounds(8, 0.01), 1e-10);
    }

    @Test
    void vAsPrintedSquaresG() {
        double g = 0.02 * 0.02;
        double v = 1.0 / 50 + 1000 / 65536.0 * (1 + 2 * 5 * g / 30) + 4 * 16 * g
                + 4.0 * 20 / (30 * 49) * 25 * g;
        assertEquals(0.06140504125478316, v, 1e-15);
        ConvergenceBound bound = new ConvergenceBound(
                PAPER.withGradientBoundReading(BoundParameters.GradientBoundReading.AS_PRINTED), SETTING, 1000);
        assertEquals(v, bound.v(8), 1e-15);
    }

    @Test
    void theBoundAfterTRoundsIsExactlyEpsilon() {
        ConvergenceBound bound = new ConvergenceBound(PAPER, SETTING, 227_402);
        for (double n = 1; n <= 32; n += 0.75) {
            double t = bound.rounds(n, 0.01);
            assertEquals(0.01, bound.gapBound(n, t), 1e-15);
            // eq. (20) at T = 0 is L v / (2 gamma)
            assertEquals(bound.v(n) / 2, bound.gapBound(n, 0), 1e-12);
        }
    }

    @Test
    void fullParticipationHasNoSamplingTerm() {
        // K = N: no sampling term; also at N = 1, where the term would be 0/0
        ConvergenceBound all = new ConvergenceBound(PAPER, new FederatedSetting(10, 10, 3), 100);
        double expected = 1.0 / 10 + 100 * Math.pow(2, -2 * 6.5) * (1 + 2 * 3 * 0.02 / 10) + 4 * 4 * 0.02;
        assertEquals(expected, all.v(6.5), 1e-15);
        ConvergenceBound one = new ConvergenceBound(PAPER, new FederatedSetting(1, 1, 1), 100);
        assertEquals(1 + 100 * Math.pow(2, -20) * (1 + 2 * 0.02), one.v(10), 1e-15);
    }

    @Test
    void vFallsWithPrecisionTowardsItsFloor() {
        ConvergenceBound bound = new ConvergenceBound(PAPER, SETTING, 1_000_000);
        double floor = 1.0 / 50 + 4 * 16 * 0.02 + 4.0 * 20 / (30 * 49) * 25 * 0.02;
        assertTrue(bound.v(4) > bound.v(8));
        assertEquals(floor, bound.v(32), 1e-12);
        assertEquals(1_000_000 * Math.pow(2, -20), bound.quantizationVariance(10), 1e-18);
    }

    @Test
    void roundsAreClampedAtZero() {
        // a loose target is met by the bound at T = 0: no round, no energy
        ConvergenceBound bound = new ConvergenceBound(PAPER, SETTING, 100);
        assertEquals(0, bound.rounds(16, 10));
    }

    @Test
    void propositionOneConditionFailsForThePaperDefaults() {
        // L = 1, eta_0 = beta / gamma = 5: 2 eta / (2 eta^2 + 1) = 10 / 51 < 1
        assertFalse(PAPER.propositionConditionHolds(0));
        for (long t = 0; t < 1000; t++) {
            assertFalse(PAPER.propositionConditionHolds(t));
        }
        assertTrue(PAPER.betaConditionHolds());
        // L = 0.5 with eta_0 = 0.5: 1 / 1.5 = 0.667 > 0.5 holds at first, fails once eta is small
        BoundParameters small = new BoundParameters(0.5, 1, 0.5, 1, 1, 0.02,
                BoundParameters.GradientBoundReading.SQUARED_NORM);
        assertTrue(small.propositionConditionHolds(0));
        assertFalse(small.propositionConditionHolds(100));
        assertEquals(0.25, small.learningRate(1), 1e-15);
    }

    @Test
    void refusalsNameFieldRuleAndValue() {
        assertEquals("FederatedSetting.devicesPerRound must be in 1..50, got 60",
                assertThrows(IllegalArgumentException.class, () -> new FederatedSetting(50, 60, 5)).getMessage());
        assertEquals("BoundParameters.smoothnessL must be finite and greater than 0, got 0.0",
                assertThrows(IllegalArgumentException.class, () -> new BoundParameters(0, 1, 5, 1, 1, 0.02,
                        BoundParameters.GradientBoundReading.SQUARED_NORM)).getMessage());
        assertEquals("ConvergenceBound.modelSize must be at least 1, got 0",
                assertThrows(IllegalArgumentException.class,
                        () -> new ConvergenceBound(PAPER, SETTING, 0)).getMessage());
        assertEquals(1.0, BoundParameters.meanSquare(1, 1, 1));
        assertEquals(2.5, BoundParameters.meanSquare(1, 2));
    }
}
