package org.fedqnn.qnn.alloc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Widths, LayerDistortion and Allocation check themselves and say what was wrong. */
class ValueTypesTest {

    private static final Widths THREE = Widths.of(2, 4, 8);

    @Test
    void widthsRefuseIllegalEmptyOrUnsortedSets() {
        assertMessage("Widths.bits[1] must be in 1..32, got 33", () -> Widths.of(1, 33));
        assertMessage("Widths.bits[0] must be in 1..32, got 0", () -> Widths.of(0));
        assertMessage("Widths.bits must hold at least 1 width, got 0", Widths::of);
        assertMessage("Widths.bits must be strictly ascending, got 4 then 4 at index 2",
                () -> Widths.of(2, 4, 4));
        assertMessage("Widths.bits must be strictly ascending, got 8 then 2 at index 1",
                () -> Widths.of(8, 2));
    }

    @Test
    void widthsAreCopiedAndLookedUp() {
        int[] bits = {1, 2, 3, 4, 5, 6, 8, 10, 12, 16};
        Widths widths = Widths.of(bits);
        bits[0] = 7;
        widths.bits()[1] = 7;
        assertEquals(Widths.DEFAULT, widths);
        assertEquals(Widths.DEFAULT.hashCode(), widths.hashCode());
        assertEquals(1, widths.min());
        assertEquals(16, widths.max());
        assertEquals(10, widths.count());
        assertEquals(6, widths.indexOf(8));
        assertEquals(-1, widths.indexOf(7));
        assertEquals(12, widths.at(8));
        assertEquals("[1, 2, 3, 4, 5, 6, 8, 10, 12, 16]", widths.toString());
    }

    @Test
    void layerDistortionRefusesBadTables() {
        assertMessage("LayerDistortion.values must be at least 1, got 0",
                () -> new LayerDistortion("conv1", 0, THREE, new double[] {3, 2, 1}));
        assertMessage("LayerDistortion.distortion must have one entry per width (3) of layer conv1, got 2",
                () -> new LayerDistortion("conv1", 10, THREE, new double[] {3, 2}));
        assertMessage("LayerDistortion.distortion[1] of layer conv1 must be finite and at least 0, got NaN",
                () -> new LayerDistortion("conv1", 10, THREE, new double[] {3, Double.NaN, 1}));
        assertMessage("LayerDistortion.distortion[2] of layer conv1 must be finite and at least 0, got -1.0",
                () -> new LayerDistortion("conv1", 10, THREE, new double[] {3, 2, -1}));
        assertMessage("LayerDistortion.distortion must not increase with the width, got 2.0 at 4 bits"
                        + " then 2.5 at 8 bits for layer conv1",
                () -> new LayerDistortion("conv1", 10, THREE, new double[] {3, 2, 2.5}));
        assertMessage("LayerDistortion.values must be at most 1152921504606846975 (bits at 8 bits"
                        + " must fit in a long), got 1152921504606846976",
                () -> new LayerDistortion("conv1", 1L << 60, THREE, new double[] {3, 2, 1}));
        assertThrows(NullPointerException.class, () -> new LayerDistortion(null, 1, THREE, new double[3]));
    }

    @Test
    void layerDistortionIsCopiedAndPricesItsWidths() {
        double[] table = {3, 2, 0};
        LayerDistortion layer = new LayerDistortion("dense", 23_050, THREE, table);
        table[0] = 99;
        layer.distortion()[1] = 99;
        assertArrayEquals(new double[] {3, 2, 0}, layer.distortion());
        assertEquals(2, layer.distortion(1));
        assertEquals(23_050L * 8, layer.bits(2));
        assertEquals(new LayerDistortion("dense", 23_050, THREE, new double[] {3, 2, 0}), layer);
    }

    @Test
    void allocationEvaluatesWidthsAgainstTheTables() {
        List<LayerDistortion> layers = List.of(
                new LayerDistortion("a", 10, THREE, new double[] {3, 2, 1}),
                new LayerDistortion("b", 5, THREE, new double[] {30, 20, 10}));
        Allocation allocation = Allocation.evaluate(layers, new int[] {4, 8}, 80);
        assertArrayEquals(new int[] {4, 8}, allocation.widths());
        assertEquals(10 * 4 + 5 * 8, allocation.bits());
        assertEquals(2 + 10, allocation.distortion());
        assertTrue(allocation.withinBudget());
        assertFalse(Allocation.evaluate(layers, new int[] {4, 8}, 79).withinBudget());
        assertMessage("Allocation.widths[1] must be one of [2, 4, 8] (layer b), got 3",
                () -> Allocation.evaluate(layers, new int[] {4, 3}, 80));
        assertMessage("Allocation.widths must have one width per layer (2), got 1",
                () -> Allocation.evaluate(layers, new int[] {4}, 80));
    }

    @Test
    void allocationRefusesImpossibleFigures() {
        assertMessage("Allocation.widths[0] must be in 1..32, got 0", () -> new Allocation(new int[] {0}, 0, 0, 0));
        assertMessage("Allocation.bits must be at least 0, got -1", () -> new Allocation(new int[] {1}, -1, 0, 0));
        assertMessage("Allocation.distortion must be finite and at least 0, got Infinity",
                () -> new Allocation(new int[] {1}, 0, Double.POSITIVE_INFINITY, 0));
        assertMessage("Allocation.budgetBits must be at least 0, got -5", () -> new Allocation(new int[] {1}, 0, 0, -5));
        assertMessage("Allocation.widths must hold at least 1 layer, got 0", () -> new Allocation(new int[0], 0, 0, 0));
    }

    static void assertMessage(String expected, org.junit.jupiter.api.function.Executable call) {
        assertEquals(expected, assertThrows(IllegalArgumentException.class, call).getMessage());
    }
}
