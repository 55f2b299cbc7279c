package org.fedqnn.qnn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link Quantizer#expectedSquaredError}: the conditional variance E[(Q(x) - x)^2 | x] of eq. (4)
 * that a device reports for its delta, against its closed form and against the mean over
 * seeded draws of the real quantize-and-pack path.
 */
class ExpectedSquaredErrorTest {

    private static double of(int bits, float... values) {
        return Quantizer.stochastic(bits).expectedSquaredError(values, 0, values.length);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 4, 8, 16, 24, 32})
    void valuesOnTheGridCarryNoVariance(int bits) {
        FixedPointFormat f = FixedPointFormat.of(bits);
        // values a float holds exactly: 1 - kappa only up to 24 bits
        float top = bits <= 24 ? (float) f.maxValue() : 0.75f;
        float[] grid = bits == 1 ? new float[] {-1f, 0f}
                : new float[] {-1f, 0f, top, (float) f.kappa(), -0.5f, (float) -f.kappa()};
        assertEquals(0, of(bits, grid), "codes' values are sent as they are");
        assertEquals(0, new Quantizer(f, Rounding.NEAREST).expectedSquaredError(grid, 0, grid.length));
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 3, 4, 8, 12, 16, 20})
    void aValueHalfWayGetsKappaSquaredOverFourAndAQuarterThreeSixteenths(int bits) {
        double kappa = FixedPointFormat.of(bits).kappa();
        float half = (float) (kappa * 0.5);
        float quarter = (float) (-kappa * 1.75);
        assertEquals(kappa * kappa / 4, of(bits, half), 0, "f = 1/2: Lemma 1's bound, met with equality");
        assertEquals(kappa * kappa * 3 / 16, of(bits, quarter), 0, "f = 1/4 (of a negative value): f (1 - f)");
        assertEquals(kappa * kappa * (0.25 + 3.0 / 16), of(bits, half, quarter), 0, "sums over values");
    }

    @Test
    void saturatedValuesContributeTheirClippingErrorSquared() {
        double kappa = FixedPointFormat.of(4).kappa();
        assertEquals(Math.pow(1.5 - (1 - kappa), 2), of(4, 1.5f), 1e-15, "above the range: to 1 - kappa");
        assertEquals(kappa * kappa, of(4, 1f), 1e-15, "1 itself is not a code at n = 4");
        assertEquals(Math.pow(kappa / 4, 2), of(4, (float) (1 - kappa * 3 / 4)), 1e-15,
                "inside the top step every draw gives 1 - kappa");
        assertEquals(0.0625, of(4, -1.25f), 1e-15, "below the range: to -1");
        assertEquals(0.25, of(1, 0.5f), 1e-15, "n = 1: positive values saturate to 0");
        assertEquals(0.25 * 0.75, of(1, -0.25f), 1e-15, "n = 1: -0.25 is f = 3/4 of the step [-1, 0]");
        assertEquals(Double.POSITIVE_INFINITY, of(8, Float.POSITIVE_INFINITY));
    }

    @Test
    void nearestRoundingGivesTheErrorItself() {
        Quantizer q = new Quantizer(FixedPointFormat.of(4), Rounding.NEAREST);
        double kappa = q.format().kappa();
        float[] x = {(float) (kappa * 0.25), (float) (kappa * 0.75), (float) (kappa * 0.5)};
        assertEquals(kappa * kappa * (1.0 / 16 + 1.0 / 16 + 1.0 / 4), q.expectedSquaredError(x, 0, 3), 1e-18,
                "errors kappa / 4, kappa / 4 and kappa / 2 (a half rounds up)");
    }

    @Test
    void drawProbabilityIsTheShareOfTheTwentyFourBitDraws() {
        assertEquals(0.5, CounterHash.probabilityBelow(0.5f));
        assertEquals(0x1.0p-24, CounterHash.probabilityBelow(1e-12f), "below one step of the draw: one draw of 2^24");
        assertEquals(3 * 0x1.0p-24, CounterHash.probabilityBelow(2.5f * 0x1.0p-24f));
        assertEquals(0, CounterHash.probabilityBelow(0f));
        assertEquals(1, CounterHash.probabilityBelow(1f));
    }

    @Test
    void refusesNaNNamingItsIndex() {
        float[] v = {0.1f, 0.2f, Float.NaN, 0.3f};
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Quantizer.stochastic(8).expectedSquaredError(v, 1, 3));
        assertTrue(e.getMessage().contains("NaN at index 1"), e.getMessage());
    }

    /**
     * The figure is the mean of sum (Q(x) - x)^2 over the draws the real encoder makes: 400 keys
     * of quantize-and-pack, unpacked, on 2,000 values spread over several steps (five
     * saturating), at n = 2, 4 and 8.
     */
    @ParameterizedTest
    @ValueSource(ints = {2, 4, 8})
    void equalsTheMeanSquaredErrorOverSeededDraws(int bits) {
        Quantizer q = Quantizer.stochastic(bits);
        double kappa = q.format().kappa();
        SplittableRandom r = new SplittableRandom(17 + bits);
        float[] x = new float[2000];
        for (int i = 0; i < x.length; i++) {
            x[i] = i % 400 == 0 ? (float) ((i % 800 == 0 ? 1 : -1) * (1 + 2 * kappa * r.nextDouble()))
                    : (float) (r.nextGaussian() * 3 * kappa);
        }
        double expected = q.expectedSquaredError(x, 0, x.length);
        int draws = 400;
        double sum = 0;
        float[] back = new float[x.length];
        for (int k = 0; k < draws; k++) {
            q.unpackAndDequantize(q.quantizeAndPack(x, StreamKey.derive(5, StreamKey.Purpose.DELTA_QUANTIZATION,
                    k, 0, 0)), back);
            for (int i = 0; i < x.length; i++) {
                double e = back[i] - (double) x[i];
                sum += e * e;
            }
        }
        double measured = sum / draws;
        assertEquals(expected, measured, 0.01 * expected, "n = " + bits + ": expected " + expected
                + ", mean over " + draws + " draws " + measured);
        assertTrue(expected <= x.length * kappa * kappa / 4 + saturation(q.format(), x),
                "Lemma 1 bounds the values inside the range");
    }

    private static double saturation(FixedPointFormat f, float[] x) {
        double s = 0;
        for (float v : x) {
            if (v > f.maxValue()) {
                s += Math.pow(v - f.maxValue(), 2);
            } else if (v < f.minValue()) {
                s += Math.pow(v - f.minValue(), 2);
            }
        }
        return s;
    }
}
