package org.fedqnn.qnn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Lemma 1 of the Kim et al. paper by sampling: inside the range, E[Q(w)] = w and
 * E[(Q(w) - w)^2] <= 2^(-2n). For each of many w, {@value #DRAWS} independent draws (the
 * same value at {@value #DRAWS} element indices); tolerances are five standard errors, so a
 * truncating or biased quantizer fails while the right one passes with overwhelming odds.
 */
class Lemma1Test {

    static final int VALUES = 200;
    static final int DRAWS = 20_000;

    @ParameterizedTest(name = "n = {0}")
    @ValueSource(ints = {1, 2, 4, 8, 16})
    void stochasticQuantizerIsUnbiasedWithBoundedVariance(int bits) {
        Quantizer q = Quantizer.stochastic(bits);
        FixedPointFormat f = q.format();
        double kappa = f.kappa();
        SplittableRandom r = new SplittableRandom(1000 + bits);
        float[] copies = new float[DRAWS];
        float[] out = new float[DRAWS];
        double worstMeanError = 0;
        for (int v = 0; v < VALUES; v++) {
            float w = (float) (f.minValue() + r.nextDouble() * (f.maxValue() - f.minValue()));
            Arrays.fill(copies, w);
            q.quantize(copies, out, StreamKey.derive(42, StreamKey.Purpose.DELTA_QUANTIZATION, v, bits, 0));
            double sum = 0;
            double sumSq = 0;
            for (float x : out) {
                assertTrue(f.isOnGrid(x), "Q(w) = " + x + " is not on the " + bits + "-bit grid");
                sum += x - w;
                sumSq += (x - w) * (x - w);
            }
            double mean = sum / DRAWS;
            double meanSq = sumSq / DRAWS;
            double frac = (w - Math.floor(w / kappa) * kappa) / kappa;
            double variance = kappa * kappa * frac * (1 - frac);
            double meanTolerance = 5 * Math.sqrt(variance / DRAWS) + 1e-9 * kappa;
            assertEquals(0.0, mean, meanTolerance, "E[Q(w)] - w for w = " + w + " at n = " + bits);
            // (Q-w)^2 takes two values; its spread is at most kappa^2 per draw.
            double sqTolerance = 5 * kappa * kappa / Math.sqrt(DRAWS);
            assertEquals(variance, meanSq, sqTolerance, "E[(Q(w) - w)^2] for w = " + w);
            assertTrue(meanSq <= Math.scalb(1.0, -2 * bits) + sqTolerance,
                    "E[(Q(w) - w)^2] = " + meanSq + " above 2^(-2n) at n = " + bits);
            worstMeanError = Math.max(worstMeanError, Math.abs(mean) / kappa);
        }
        assertTrue(worstMeanError < 0.05, "worst |E[Q(w)] - w| / kappa = " + worstMeanError);
    }

    /** A truncating quantizer is biased by -kappa/2 on average: the statistics above catch it. */
    @ParameterizedTest(name = "n = {0}")
    @ValueSource(ints = {2, 8})
    void truncationWouldFailTheMeanTest(int bits) {
        FixedPointFormat f = FixedPointFormat.of(bits);
        SplittableRandom r = new SplittableRandom(7);
        double bias = 0;
        for (int v = 0; v < VALUES; v++) {
            double w = f.minValue() + r.nextDouble() * (f.maxValue() - f.minValue());
            float truncated = ScalarKernels.code((float) w, f, Rounding.NEAREST, 0, 0) * (float) f.kappa();
            double floor = Math.floor(w / f.kappa()) * f.kappa();
            bias += floor - w;
            assertTrue(Math.abs(truncated - w) <= f.kappa() / 2 + 1e-12, "nearest is within kappa/2");
        }
        assertTrue(bias / VALUES < -0.3 * f.kappa(), "truncation bias " + bias / VALUES);
    }
}
