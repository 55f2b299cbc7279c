package org.fedqnn.qnn.alloc;

import static org.fedqnn.qnn.alloc.ValueTypesTest.assertMessage;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

/**
 * What every allocator promises, on random small problems: the budget is met whenever the
 * all-minimum allocation meets it; otherwise that allocation comes back flagged; and the
 * allocation depends only on the inputs. And all refuse malformed problems alike.
 */
class BudgetPropertiesTest {

    /** The allocators that must meet any budget the all-minimum allocation meets. */
    private static final List<BitAllocator> BUDGETED =
            List.of(new PerDeviceAllocator(), new LayerwiseAllocator(), new ExactAllocator());

    @Property(tries = 400, seed = "14")
    void everyBudgetedAllocatorMeetsAnyBudgetTheMinimumMeets(@ForAll long seed) {
        Cases.Case small = Cases.smallCase(seed);
        List<LayerDistortion> layers = small.layers();
        long budget = small.budget();
        Allocation minimum = new UniformAllocator(layers.get(0).widths().min()).allocate(layers, budget);
        for (BitAllocator allocator : BUDGETED) {
            Allocation allocation = allocator.allocate(layers, budget);
            String where = allocator.name() + " seed " + seed + ": " + allocation;
            if (minimum.withinBudget()) {
                assertTrue(allocation.withinBudget(), where);
                assertTrue(allocation.bits() <= budget, where);
                assertTrue(allocation.distortion() <= minimum.distortion() || allocator instanceof PerDeviceAllocator, where);
            } else {
                assertEquals(minimum, allocation, where);
                assertFalse(allocation.withinBudget(), where);
            }
            assertEquals(Allocation.evaluate(layers, allocation.widths(), budget), allocation, where);
        }
    }

    @Property(tries = 200, seed = "15")
    void uniformReportsWhetherItFits(@ForAll long seed) {
        Cases.Case small = Cases.smallCase(seed);
        List<LayerDistortion> layers = small.layers();
        long budget = small.budget();
        for (int width : layers.get(0).widths().bits()) {
            Allocation allocation = new UniformAllocator(width).allocate(layers, budget);
            long bits = layers.stream().mapToLong(layer -> layer.values() * width).sum();
            assertEquals(bits, allocation.bits());
            assertEquals(bits <= budget, allocation.withinBudget());
        }
    }

    @Property(tries = 200, seed = "16")
    void theSameInputsGiveTheSameAllocation(@ForAll long seed) {
        Cases.Case small = Cases.smallCase(seed);
        List<LayerDistortion> layers = small.layers();
        long budget = small.budget();
        List<LayerDistortion> copy = new ArrayList<>();
        for (LayerDistortion layer : layers) {
            copy.add(new LayerDistortion(layer.name(), layer.values(), Widths.of(layer.widths().bits()),
                    layer.distortion()));
        }
        for (BitAllocator allocator : BUDGETED) {
            Allocation first = allocator.allocate(layers, budget);
            assertEquals(first, allocator.allocate(layers, budget));
            assertEquals(first, allocator.allocate(copy, budget));
        }
    }

    @Property(tries = 100, seed = "17")
    void exactIsNeverWorseThanTheOthers(@ForAll long seed) {
        Cases.Case small = Cases.smallCase(seed);
        List<LayerDistortion> layers = small.layers();
        long budget = small.budget();
        Allocation exact = new ExactAllocator().allocate(layers, budget);
        if (exact.withinBudget()) {
            assertTrue(exact.distortion() <= new LayerwiseAllocator().allocate(layers, budget).distortion());
            assertTrue(exact.distortion() <= new PerDeviceAllocator().allocate(layers, budget).distortion());
            assertTrue(new LayerwiseAllocator().allocate(layers, budget).distortion()
                    <= LayerwiseAllocator.greedyOnly(layers, budget).distortion());
        }
    }

    @Property(tries = 50, seed = "18")
    void anInfeasibleBudgetReturnsTheAllMinimumAllocationFlagged(@ForAll long seed) {
        List<LayerDistortion> layers = Cases.smallCase(seed).layers();
        long minimumBits = layers.stream().mapToLong(layer -> layer.bits(0)).sum();
        int[] minimum = layers.stream().mapToInt(layer -> layer.widths().min()).toArray();
        for (BitAllocator allocator : BUDGETED) {
            Allocation allocation = allocator.allocate(layers, minimumBits - 1);
            assertArrayEquals(minimum, allocation.widths(), allocator.name());
            assertEquals(minimumBits, allocation.bits(), allocator.name());
            assertEquals(minimumBits - 1, allocation.budgetBits(), allocator.name());
            assertFalse(allocation.withinBudget(), allocator.name());
        }
    }

    @Test
    void allocatorsRefuseMixedWidthsEmptyLayersAndNegativeBudgets() {
        LayerDistortion a = new LayerDistortion("a", 10, Widths.of(2, 4, 8), new double[] {3, 2, 1});
        LayerDistortion b = new LayerDistortion("b", 10, Widths.of(2, 4), new double[] {3, 2});
        for (BitAllocator allocator : List.of(new UniformAllocator(4), new PerDeviceAllocator(),
                new LayerwiseAllocator(), new ExactAllocator())) {
            assertMessage("layers must all have the widths [2, 4, 8] of layer a, got [2, 4] for layer b",
                    () -> allocator.allocate(List.of(a, b), 100));
            assertMessage("layers must hold at least 1 layer, got 0", () -> allocator.allocate(List.of(), 100));
            assertMessage("budgetBits must be at least 0, got -1", () -> allocator.allocate(List.of(a), -1));
        }
    }
}
