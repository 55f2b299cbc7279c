package org.fedqnn.qnn.bound;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import org.fedqnn.qnn.energy.ComputeWorkload;
import org.fedqnn.qnn.energy.EnergyParameters;
import org.fedqnn.qnn.energy.UplinkExpectation;
import org.junit.jupiter.api.Test;

/** The line search of section III gives the integer argmin of f_E over 1..32. */
class PrecisionOptimizerTest {

    /** About the paper cell's mean (see UplinkExpectationTest), fixed so the grid is exact. */
    private static final UplinkExpectation UPLINK = new UplinkExpectation(3.4e-8, 0, 1, 50);

    @Test
    void lineSearchEqualsTheIntegerArgminAcrossAGridOfSettings() {
        int cases = 0;
        for (BoundParameters.GradientBoundReading reading : BoundParameters.GradientBoundReading.values()) {
            BoundParameters bound = BoundParameters.paperDefaults().withGradientBoundReading(reading);
            for (int steps : new int[] {1, 2, 5, 10, 20}) {
                for (int perRound : new int[] {1, 10, 30, 50}) {
                    for (long d : new long[] {1_000, 227_402, 10_000_000, 138_357_544}) {
                        for (double epsilon : new double[] {1e-3, 1e-2, 1e-1}) {
                            for (int p : new int[] {1, 256, 4096}) {
                                EnergyObjective f = new EnergyObjective(
                                        EnergyParameters.paperDefaults().withMacUnits(p),
                                        ComputeWorkload.paper(500.0 * d, d, d),
                                        new ConvergenceBound(bound, new FederatedSetting(50, perRound, steps), d),
                                        epsilon, UPLINK);
                                assertSameAsIntegerArgmin(f, reading + " I=" + steps + " K=" + perRound
                                        + " d=" + d + " eps=" + epsilon + " p=" + p);
                                cases++;
                            }
                        }
                    }
                }
            }
        }
        assertEquals(1440, cases);
    }

    @Property(tries = 300, seed = "6")
    void lineSearchEqualsTheIntegerArgminForAnySetting(
            @ForAll @IntRange(min = 1, max = 40) int steps,
            @ForAll @IntRange(min = 1, max = 100) int perRound,
            @ForAll @DoubleRange(min = 2, max = 9.5) double log10ModelSize,
            @ForAll @DoubleRange(min = -4, max = 0) double log10Epsilon,
            @ForAll @IntRange(min = 0, max = 14) int log2MacUnits,
            @ForAll @DoubleRange(min = 0, max = 4) double log10MacsPerWeight,
            @ForAll @DoubleRange(min = -10, max = -6) double log10SecondsPerBit,
            @ForAll @DoubleRange(min = 0, max = 0.2) double gradientBound,
            @ForAll @DoubleRange(min = 1.01, max = 1.99) double alpha) {
        long d = Math.round(Math.pow(10, log10ModelSize));
        EnergyParameters energy = new EnergyParameters(0.1, 10e6, -100, EnergyParameters.NoiseReading.PER_HERTZ,
                3.7e-12, alpha, 32, 1 << log2MacUnits);
        BoundParameters bound = new BoundParameters(1, 1, 5, 1, 1, gradientBound,
                BoundParameters.GradientBoundReading.SQUARED_NORM);
        EnergyObjective f = new EnergyObjective(energy,
                ComputeWorkload.paper(d * Math.pow(10, log10MacsPerWeight), d, d),
                new ConvergenceBound(bound, new FederatedSetting(100, perRound, steps), d),
                Math.pow(10, log10Epsilon), new UplinkExpectation(Math.pow(10, log10SecondsPerBit), 0, 1, 1));
        assertSameAsIntegerArgmin(f, "");
    }

    @Test
    void edgeShapes() {
        assertEquals(1, PrecisionOptimizer.optimize(n -> n, 32).nStar());            // increasing
        assertEquals(32, PrecisionOptimizer.optimize(n -> -n, 32).nStar());          // decreasing
        assertEquals(7, PrecisionOptimizer.optimize(n -> Math.max(0, 7 - n), 32).nStar()); // flat tail: first
        assertEquals(1, PrecisionOptimizer.optimize(n -> 0, 32).nStar());             // all equal
        assertEquals(1, PrecisionOptimizer.optimize(n -> (n - 5) * (n - 5), 1).nStar());
        PrecisionOptimizer.Optimum o = PrecisionOptimizer.optimize(n -> (n - 12.3) * (n - 12.3), 32);
        assertEquals(12, o.nStar());
        assertEquals(12.3, o.continuousN(), 1e-5);
        assertTrue(o.evaluations() < 120, "evaluations " + o.evaluations());
    }

    @Test
    void aTargetMetAtRoundZeroCostsNothingAndTakesOneBit() {
        EnergyObjective f = new EnergyObjective(EnergyParameters.paperDefaults(),
                ComputeWorkload.paper(1e6, 1e3, 1e3),
                new ConvergenceBound(BoundParameters.paperDefaults(), FederatedSetting.paperDefaults(), 1000),
                1e3, UPLINK);
        assertEquals(0, f.joules(1));
        assertEquals(1, PrecisionOptimizer.optimize(f).nStar());
    }

    private static void assertSameAsIntegerArgmin(EnergyObjective f, String setting) {
        int expected = PrecisionOptimizer.argminOverIntegers(f::joules, 32);
        PrecisionOptimizer.Optimum found = PrecisionOptimizer.optimize(f);
        assertEquals(expected, found.nStar(), () -> setting + ": f(" + expected + ") = " + f.joules(expected)
                + ", f(" + found.nStar() + ") = " + f.joules(found.nStar()));
        assertEquals(f.joules(expected), found.joules(), 0.0);
    }
}
