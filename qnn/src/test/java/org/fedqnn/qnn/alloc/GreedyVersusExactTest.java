package org.fedqnn.qnn.alloc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@code layerwise} against {@code exact}, and the plain greedy pass for comparison, with the
 * figures docs/layerwise.md quotes. Each case's allocations go into a {@link Tally} that
 * prints mean and worst objective ratios. The number of cases is small by default, to keep the
 * tests fast; {@code -Dfedqnn.alloc.cases=N} runs N (the docs' figures: 2000).
 */
class GreedyVersusExactTest {

    private static final int CASES = Integer.getInteger("fedqnn.alloc.cases", 30);

    /**
     * The paper CNN's layer sizes on 28x28x1, the analytic significance with update energies
     * log-uniform in [1e-4, 1], average budgets uniform in 1..8 bits per weight.
     */
    @Test
    void layerwiseIsWithinFivePercentOfExactOnPaperCnnSizes() {
        long[] values = Cases.paperCnnValues();
        assertArrayEquals(new long[] {640, 36_928, 147_712, 23_050}, values);
        long total = 0;
        for (long v : values) {
            total += v;
        }
        SplittableRandom random = new SplittableRandom(14);
        Tally layerwise = new Tally("paper CNN, layerwise");
        Tally greedy = new Tally("paper CNN, greedy pass alone");
        for (int k = 0; k < CASES; k++) {
            List<LayerDistortion> layers = new ArrayList<>();
            for (int l = 0; l < values.length; l++) {
                double energy = Math.pow(10, random.nextDouble(-4, 0));
                layers.add(AnalyticSignificance.table("layer" + l, values[l], energy, Widths.DEFAULT));
            }
            long budget = (long) (random.nextDouble(1, 8) * total);
            Allocation exact = new ExactAllocator().allocate(layers, budget);
            double ratio = layerwise.add(new LayerwiseAllocator().allocate(layers, budget), exact);
            greedy.add(LayerwiseAllocator.greedyOnly(layers, budget), exact);
            assertTrue(ratio <= 1.05, "case " + k + ": " + ratio);
        }
        layerwise.print();
        greedy.print();
    }

    /**
     * Two to six layers of 10 to 10^5 values, three to six widths out of 1..16, random
     * non-increasing (not convex) tables, budgets uniform between the all-minimum and all-maximum
     * bits. Against brute force, which equals exact (ExactAllocatorTest). Only recorded: the
     * search is not guaranteed within 5% here, only never worse than the greedy pass.
     */
    @Test
    void layerwiseAgainstTheOptimumOnGeneralTables() {
        SplittableRandom random = new SplittableRandom(15);
        Tally layerwise = new Tally("general tables, layerwise");
        Tally greedy = new Tally("general tables, greedy pass alone");
        for (int k = 0; k < 10 * CASES; k++) {
            Widths widths = Cases.randomWidths(random, 3 + random.nextInt(4), 16);
            List<LayerDistortion> layers = new ArrayList<>();
            int layerCount = 2 + random.nextInt(5);
            for (int l = 0; l < layerCount; l++) {
                long values = (long) Math.pow(10, random.nextDouble(1, 5));
                layers.add(Cases.randomTable(random, "layer" + l, values, widths));
            }
            long min = layers.stream().mapToLong(layer -> layer.bits(0)).sum();
            long max = layers.stream().mapToLong(layer -> layer.bits(widths.count() - 1)).sum();
            long budget = min + random.nextLong(max - min + 1);
            Allocation optimum = Cases.bruteForce(layers, budget);
            Allocation found = new LayerwiseAllocator().allocate(layers, budget);
            Allocation plain = LayerwiseAllocator.greedyOnly(layers, budget);
            assertTrue(found.withinBudget() && found.distortion() <= plain.distortion(), "case " + k);
            layerwise.add(found, optimum);
            greedy.add(plain, optimum);
        }
        layerwise.print();
        greedy.print();
    }

    /** Objective ratios to the optimum: count, mean, worst, how many equal. */
    private static final class Tally {

        private final String label;
        private final long started = System.nanoTime();
        private int count;
        private int equal;
        private double sum;
        private double worst = 1;

        Tally(String label) {
            this.label = label;
        }

        /** Adds found / optimum (1 when both are 0) and returns it. */
        double add(Allocation found, Allocation optimum) {
            double ratio = optimum.distortion() == 0
                    ? (found.distortion() == 0 ? 1 : Double.POSITIVE_INFINITY)
                    : found.distortion() / optimum.distortion();
            count++;
            sum += ratio;
            worst = Math.max(worst, ratio);
            equal += ratio == 1 ? 1 : 0;
            return ratio;
        }

        void print() {
            System.out.printf("%s / optimum over %d cases: mean %.4f, worst %.4f, optimal in %d (%.0f ms)%n",
                    label, count, sum / count, worst, equal, (System.nanoTime() - started) / 1e6);
        }
    }
}
