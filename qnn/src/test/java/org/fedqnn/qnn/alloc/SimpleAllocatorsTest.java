package org.fedqnn.qnn.alloc;

import static org.fedqnn.qnn.alloc.ValueTypesTest.assertMessage;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code uniform} (the paper's single m) and {@code per-device} (the largest m that fits). */
class SimpleAllocatorsTest {

    /** 100 + 300 = 400 values, analytic tables. */
    private static final List<LayerDistortion> LAYERS = List.of(
            AnalyticSignificance.table("conv", 100, 1.0, Widths.DEFAULT),
            AnalyticSignificance.table("dense", 300, 0.5, Widths.DEFAULT));

    @Test
    void uniformGivesEveryLayerMAndOnlyReportsTheBudget() {
        Allocation fits = new UniformAllocator(8).allocate(LAYERS, 3_200);
        assertArrayEquals(new int[] {8, 8}, fits.widths());
        assertEquals(3_200, fits.bits());
        assertTrue(fits.withinBudget());
        Allocation over = new UniformAllocator(8).allocate(LAYERS, 3_199);
        assertArrayEquals(new int[] {8, 8}, over.widths());
        assertFalse(over.withinBudget());
        assertEquals("uniform", new UniformAllocator(8).name());
    }

    @Test
    void uniformRefusesAWidthOutsideTheSet() {
        assertMessage("UniformAllocator bits must be one of the layers' widths [1, 2, 3, 4, 5, 6, 8, 10, 12, 16], got 7",
                () -> new UniformAllocator(7).allocate(LAYERS, 10_000));
        assertMessage("UniformAllocator bits must be in 1..32, got 33", () -> new UniformAllocator(33));
    }

    @Test
    void perDeviceTakesTheLargestSingleWidthThatFits() {
        PerDeviceAllocator allocator = new PerDeviceAllocator();
        assertArrayEquals(new int[] {6, 6}, allocator.allocate(LAYERS, 3_199).widths());
        assertArrayEquals(new int[] {8, 8}, allocator.allocate(LAYERS, 3_200).widths());
        assertArrayEquals(new int[] {16, 16}, allocator.allocate(LAYERS, Long.MAX_VALUE).widths());
        assertArrayEquals(new int[] {1, 1}, allocator.allocate(LAYERS, 400).widths());
        assertEquals("per-device", allocator.name());
    }

    @Test
    void perDeviceFallsBackToTheSmallestWidthFlagged() {
        Allocation allocation = new PerDeviceAllocator().allocate(LAYERS, 399);
        assertArrayEquals(new int[] {1, 1}, allocation.widths());
        assertEquals(400, allocation.bits());
        assertFalse(allocation.withinBudget());
    }
}
