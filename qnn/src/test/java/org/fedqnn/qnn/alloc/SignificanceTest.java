package org.fedqnn.qnn.alloc;

import static org.fedqnn.qnn.alloc.ValueTypesTest.assertMessage;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.fedqnn.qnn.FixedPointFormat;
import org.junit.jupiter.api.Test;

/** The two significances: Lemma 1's variance weighted by update energy, and the measured loss rise. */
class SignificanceTest {

    private static final Widths ALL = Widths.of(java.util.stream.IntStream.rangeClosed(1, 32).toArray());

    @Test
    void analyticIsLemmaOneWeightedByUpdateEnergy() {
        long values = 36_928;
        double energy = 3.7e-5;
        LayerDistortion layer = AnalyticSignificance.table("conv2", values, energy, ALL);
        for (int i = 0; i < ALL.count(); i++) {
            int b = ALL.at(i);
            double kappa = FixedPointFormat.of(b).kappa();
            assertEquals(Math.pow(2, 1 - b), kappa);
            assertEquals(energy * values * Math.pow(2, 2 * (1 - b)) / 4, layer.distortion(i), "b = " + b);
            assertEquals(values * kappa * kappa / 4, AnalyticSignificance.lemma1Variance(values, b), "b = " + b);
        }
        assertEquals(0.25 * values, AnalyticSignificance.lemma1Variance(values, 1));
        assertEquals(values / 256.0, AnalyticSignificance.lemma1Variance(values, 4));
    }

    @Test
    void analyticWithZeroEnergyIsFlatZeroAndRefusesBadEnergies() {
        assertArrayEquals(new double[10], AnalyticSignificance.table("x", 10, 0, Widths.DEFAULT).distortion());
        assertMessage("AnalyticSignificance updateEnergy of layer x must be finite and at least 0, got -1.0",
                () -> AnalyticSignificance.table("x", 10, -1, Widths.DEFAULT));
        assertMessage("AnalyticSignificance updateEnergy of layer x must be finite and at least 0, got NaN",
                () -> AnalyticSignificance.table("x", 10, Double.NaN, Widths.DEFAULT));
    }

    @Test
    void measuredCallsTheCallbackOncePerWidthAscendingWithTheLayerIndex() {
        Widths widths = Widths.of(2, 4, 8);
        List<String> calls = new ArrayList<>();
        MeasuredSignificance measured = new MeasuredSignificance(widths, 1.0, (layer, bits) -> {
            calls.add(layer + "@" + bits);
            return 1.0 + 1.0 / bits;
        });
        LayerDistortion table = measured.table(3, "conv3", 147_712);
        assertEquals(List.of("3@2", "3@4", "3@8"), calls);
        assertArrayEquals(new double[] {0.5, 0.25, 0.125}, table.distortion());
        assertEquals("conv3", table.name());
        assertEquals(147_712, table.values());
        assertEquals(widths, table.widths());
    }

    @Test
    void measuredTakesTheRunningMinimumFromTheNarrowestAndClampsAtZero() {
        Widths widths = Widths.of(1, 2, 3, 4, 5);
        double[] losses = {2.9, 2.4, 2.6, 1.9, 2.3};
        MeasuredSignificance measured = new MeasuredSignificance(widths, 2.0,
                (layer, bits) -> losses[widths.indexOf(bits)]);
        // rises 0.9, 0.4, 0.6, -0.1, 0.3 -> running minimum 0.9, 0.4, 0.4, -0.1, -0.1 -> clamped
        double[] table = measured.table(0, "dense", 10).distortion();
        assertEquals(0.9, table[0], 1e-15);
        assertEquals(0.4, table[1], 1e-15);
        assertEquals(0.4, table[2], 1e-15);
        assertEquals(0.0, table[3]);
        assertEquals(0.0, table[4]);
    }

    @Property(tries = 200, seed = "14")
    void measuredIsNonIncreasingAndNonNegativeWhateverTheNoise(@ForAll long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        double reference = random.nextDouble(0, 3);
        MeasuredSignificance measured = new MeasuredSignificance(Widths.DEFAULT, reference,
                (layer, bits) -> reference + Math.pow(4, -bits) * 10 + random.nextGaussian() * 0.01);
        double[] table = measured.table(0, "l", 100).distortion();
        for (int i = 0; i < table.length; i++) {
            assertTrue(table[i] >= 0);
            assertTrue(i == 0 || table[i] <= table[i - 1]);
        }
    }

    @Test
    void measuredRefusesANonFiniteLossNamingLayerAndWidth() {
        MeasuredSignificance measured = new MeasuredSignificance(Widths.of(2, 4), 1.0,
                (layer, bits) -> bits == 4 ? Double.NaN : 2.0);
        assertMessage("MeasuredSignificance loss of layer conv1 at 4 bits must be finite, got NaN",
                () -> measured.table(0, "conv1", 640));
        assertMessage("MeasuredSignificance referenceLoss must be finite, got Infinity",
                () -> new MeasuredSignificance(Widths.DEFAULT, Double.POSITIVE_INFINITY, (l, b) -> 0));
    }
}
