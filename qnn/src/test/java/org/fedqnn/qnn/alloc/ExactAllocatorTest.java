package org.fedqnn.qnn.alloc;

import static org.fedqnn.qnn.alloc.ValueTypesTest.assertMessage;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

/** {@code exact}: the multiple-choice knapsack's optimum, checked against brute force. */
class ExactAllocatorTest {

    @Property(tries = 500, seed = "14")
    void equalsBruteForceOnSmallCases(@ForAll long seed) {
        Cases.Case small = Cases.smallCase(seed);
        List<LayerDistortion> layers = small.layers();
        long budget = small.budget();
        Allocation exact = new ExactAllocator().allocate(layers, budget);
        Allocation brute = Cases.bruteForce(layers, budget);
        if (brute == null) {
            assertTrue(!exact.withinBudget(), "seed " + seed);
        } else {
            assertTrue(exact.withinBudget(), "seed " + seed);
            assertEquals(brute.distortion(), exact.distortion(), "seed " + seed + ": " + exact + " vs " + brute);
        }
    }

    @Property(tries = 300, seed = "15")
    void aCoarseQuantumStaysWithinTheRealBudget(@ForAll long seed) {
        Cases.Case small = Cases.smallCase(seed);
        List<LayerDistortion> layers = small.layers();
        long budget = small.budget();
        long quantum = 1 + Math.floorMod(seed, 50);
        Allocation coarse = new ExactAllocator(quantum, ExactAllocator.DEFAULT_MAX_CELLS).allocate(layers, budget);
        Allocation exact = new ExactAllocator().allocate(layers, budget);
        assertEquals(exact.withinBudget(), coarse.withinBudget(), "seed " + seed);
        assertTrue(coarse.distortion() >= exact.distortion(), "seed " + seed);
    }

    @Test
    void theExactQuantumIsTheGcdOfSizesTimesTheGcdOfWidths() {
        List<LayerDistortion> cnn = new ArrayList<>();
        for (long values : Cases.paperCnnValues()) {
            cnn.add(AnalyticSignificance.table("l", values, 1, Widths.DEFAULT));
        }
        assertEquals(2, ExactAllocator.exactQuantum(cnn));
        List<LayerDistortion> even = List.of(
                AnalyticSignificance.table("a", 600, 1, Widths.of(4, 8, 12)),
                AnalyticSignificance.table("b", 900, 1, Widths.of(4, 8, 12)));
        assertEquals(300 * 4, ExactAllocator.exactQuantum(even));
    }

    @Test
    void refusesATableOverTheLimitWithTheFigures() {
        List<LayerDistortion> layers = List.of(
                AnalyticSignificance.table("a", 1_000_001, 1, Widths.DEFAULT),
                AnalyticSignificance.table("b", 999_999, 1, Widths.DEFAULT));
        assertMessage("ExactAllocator needs a table of 2 layers x 30000001 quanta of 1 bits (budget 32100000 bits),"
                        + " more than the limit of 50000000 cells; use a coarser quantum or a higher limit",
                () -> new ExactAllocator().allocate(layers, 32_100_000));
        Allocation coarse = new ExactAllocator(1_000, 50_000_000).allocate(layers, 32_100_000);
        assertTrue(coarse.withinBudget());
        assertArrayEquals(new int[] {16, 16}, coarse.widths());
    }

    @Test
    void amongEqualObjectivesTakesTheFewestBits() {
        Widths widths = Widths.of(2, 4, 8);
        List<LayerDistortion> layers = List.of(
                new LayerDistortion("flat", 100, widths, new double[] {1, 1, 1}),
                new LayerDistortion("steps", 50, widths, new double[] {9, 3, 3}));
        Allocation allocation = new ExactAllocator().allocate(layers, 10_000);
        assertArrayEquals(new int[] {2, 4}, allocation.widths());
        assertEquals(100 * 2 + 50 * 4, allocation.bits());
    }

    @Test
    void whenRoundingUpPricesTheMinimumOutItStillReturnsTheMinimum() {
        Widths widths = Widths.of(1, 2);
        List<LayerDistortion> layers = List.of(
                new LayerDistortion("a", 3, widths, new double[] {2, 1}),
                new LayerDistortion("b", 3, widths, new double[] {2, 1}));
        Allocation allocation = new ExactAllocator(4, 1_000).allocate(layers, 7);
        assertNotNull(allocation);
        assertArrayEquals(new int[] {1, 1}, allocation.widths());
        assertTrue(allocation.withinBudget());
    }

    @Test
    void refusesBadSettings() {
        assertMessage("ExactAllocator quantumBits must be at least 1, got 0", () -> new ExactAllocator(0, 10));
        assertMessage("ExactAllocator maxCells must be at least 1, got 0", () -> new ExactAllocator(1, 0));
        assertMessage("ExactAllocator maxCells must be at most 2147483639, got 2147483648",
                () -> new ExactAllocator(1, 1L << 31));
    }
}
