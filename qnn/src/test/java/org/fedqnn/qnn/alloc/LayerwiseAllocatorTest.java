package org.fedqnn.qnn.alloc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code layerwise} on hand-made cases: what the greedy pass does and what the search repairs. */
class LayerwiseAllocatorTest {

    private static final Widths WIDTHS = Widths.of(2, 4, 8);

    @Test
    void upgradesByDistortionRemovedPerBit() {
        // a: 6 removed for 6 extra bits (2 -> 8), 1 per bit; b: 1 for 2 (2 -> 4), 0.5 per bit
        List<LayerDistortion> layers = List.of(
                new LayerDistortion("a", 1, WIDTHS, new double[] {6, 6, 0}),
                new LayerDistortion("b", 1, WIDTHS, new double[] {1, 0, 0}));
        assertArrayEquals(new int[] {2, 2}, new LayerwiseAllocator().allocate(layers, 4).widths());
        assertArrayEquals(new int[] {2, 4}, new LayerwiseAllocator().allocate(layers, 6).widths());
        assertArrayEquals(new int[] {8, 2}, new LayerwiseAllocator().allocate(layers, 10).widths());
        assertArrayEquals(new int[] {8, 4}, new LayerwiseAllocator().allocate(layers, 12).widths());
    }

    @Test
    void jumpsPastAStepThatGainsNothing() {
        List<LayerDistortion> layers = List.of(new LayerDistortion("a", 10, WIDTHS, new double[] {5, 5, 1}));
        assertArrayEquals(new int[] {8}, new LayerwiseAllocator().allocate(layers, 80).widths());
        assertArrayEquals(new int[] {8}, LayerwiseAllocator.greedyOnly(layers, 80).widths());
    }

    @Test
    void spendsNoBitsThatBuyNothing() {
        List<LayerDistortion> layers = List.of(
                new LayerDistortion("flat", 10, WIDTHS, new double[] {1, 1, 1}),
                new LayerDistortion("done", 10, WIDTHS, new double[] {3, 0, 0}));
        Allocation allocation = new LayerwiseAllocator().allocate(layers, 1_000);
        assertArrayEquals(new int[] {2, 4}, allocation.widths());
        assertEquals(60, allocation.bits());
    }

    @Test
    void tiesGoToTheLowerLayer() {
        LayerDistortion twin = new LayerDistortion("twin", 10, WIDTHS, new double[] {4, 1, 0});
        List<LayerDistortion> layers = List.of(twin, twin);
        assertArrayEquals(new int[] {4, 2}, new LayerwiseAllocator().allocate(layers, 60).widths());
    }

    @Test
    void theSearchRepairsWhatTheGreedyPassLeavesOnThePaperCnn() {
        // Case 19 of GreedyVersusExactTest's first measurement: the greedy pass gives the
        // 640-value layer 16 bits with the last of the budget, and the 147,712-value layer's
        // next step no longer fits.
        long[] values = Cases.paperCnnValues();
        double[] atOneBit = {0.11349940939737428, 4.149451825834086, 45.223903689687916, 2296.3769055748894};
        List<LayerDistortion> layers = new ArrayList<>();
        for (int l = 0; l < values.length; l++) {
            layers.add(AnalyticSignificance.table("layer" + l, values[l], 4 * atOneBit[l] / values[l], Widths.DEFAULT));
        }
        long budget = 1_034_862;
        Allocation greedy = LayerwiseAllocator.greedyOnly(layers, budget);
        Allocation layerwise = new LayerwiseAllocator().allocate(layers, budget);
        Allocation exact = new ExactAllocator().allocate(layers, budget);
        assertArrayEquals(new int[] {16, 5, 4, 10}, greedy.widths());
        assertArrayEquals(new int[] {1, 3, 5, 8}, exact.widths());
        assertArrayEquals(exact.widths(), layerwise.widths());
        assertEquals(0.7316, greedy.distortion(), 1e-4);
        assertEquals(0.6897, exact.distortion(), 1e-4);
    }
}
