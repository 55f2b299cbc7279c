package org.fedqnn.qnn.alloc;

import java.util.List;
import java.util.OptionalLong;
import org.fedqnn.qnn.Checks;

/**
 * {@code exact}: the optimum of the multiple-choice knapsack "one width per layer, sum_l d_l b_l
 * at most the budget, least sum_l D_l(b_l)", by dynamic programming over the budget in units
 * of a quantum of q bits. It is there to check {@link LayerwiseAllocator}, and can replace it
 * where the table is small enough.
 *
 * <p>Each choice costs ceil(d_l b / q) quanta and the capacity is floor(budget / q) quanta, so
 * whatever the DP picks meets the real budget. The result is the true optimum when every
 * d_l b is a multiple of q; the default q, {@link #exactQuantum}, is the largest such q
 * (gcd of the d_l times gcd of the widths). A coarser q makes the table smaller and the
 * result possibly worse than the optimum, never over budget. When rounding up makes even the
 * all-minimum allocation too dear in quanta although it fits in bits, that allocation is
 * returned.
 *
 * <p>The DP runs over the quanta above the all-minimum allocation's, up to the least of the
 * budget and the all-maximum allocation's cost; its choice table has L (C + 1) cells for C
 * such quanta, one byte each, and the time is O(L C W). When the table would exceed the
 * limit ({@link #DEFAULT_MAX_CELLS} by default) {@link #allocate} refuses with an
 * {@link IllegalArgumentException} that gives the figures; it never silently approximates.
 *
 * <p>Among allocations of equal objective it returns the one with the fewest quanta; remaining
 * ties go to the smaller width on the last layer, then on the one before, and so on.
 * Deterministic. Immutable and thread-safe.
 */
public final class ExactAllocator implements BitAllocator {

    /** The default limit on the DP table: 50 million cells (one byte each). */
    public static final long DEFAULT_MAX_CELLS = 50_000_000L;
    /** The largest limit: the cells of one layer's row must fit in one Java array. */
    private static final long MAX_ARRAY = Integer.MAX_VALUE - 8;

    private final OptionalLong quantumBits;
    private final long maxCells;

    /** Exact: q = {@link #exactQuantum} of each problem, at most {@link #DEFAULT_MAX_CELLS} cells. */
    public ExactAllocator() {
        this.quantumBits = OptionalLong.empty();
        this.maxCells = DEFAULT_MAX_CELLS;
    }

    /**
     * A fixed quantum of {@code quantumBits} bits (at least 1) and a table limit of
     * {@code maxCells} cells (1 to 2^31 - 9).
     */
    public ExactAllocator(long quantumBits, long maxCells) {
        this.quantumBits = OptionalLong.of(Checks.atLeast("ExactAllocator quantumBits", 1, quantumBits));
        this.maxCells = Checks.atLeast("ExactAllocator maxCells", 1, maxCells);
        if (maxCells > MAX_ARRAY) {
            throw new IllegalArgumentException(
                    "ExactAllocator maxCells must be at most " + MAX_ARRAY + ", got " + maxCells);
        }
    }

    /** The largest q that divides every d_l b: gcd of the d_l times gcd of the widths. */
    public static long exactQuantum(List<LayerDistortion> layers) {
        Problem problem = Problem.of(layers, 0);
        long values = 0;
        for (LayerDistortion layer : problem.layers()) {
            values = gcd(values, layer.values());
        }
        long widths = 0;
        for (int width : problem.widths().bits()) {
            widths = gcd(widths, width);
        }
        return values * widths;
    }

    @Override
    public Allocation allocate(List<LayerDistortion> layers, long budgetBits) {
        Problem problem = Problem.of(layers, budgetBits);
        int layerCount = problem.layerCount();
        int widthCount = problem.widths().count();
        if (!problem.feasible()) {
            return problem.allocation(new int[layerCount]);
        }
        long q = quantumBits.orElseGet(() -> exactQuantum(layers));
        long[][] extra = new long[layerCount][widthCount];
        long minQuanta = 0;
        long maxExtra = 0;
        for (int l = 0; l < layerCount; l++) {
            long base = ceilDiv(problem.layer(l).bits(0), q);
            for (int j = 0; j < widthCount; j++) {
                extra[l][j] = ceilDiv(problem.layer(l).bits(j), q) - base;
            }
            minQuanta = Math.addExact(minQuanta, base);
            maxExtra = Math.addExact(maxExtra, extra[l][widthCount - 1]);
        }
        long capacity = Math.min(budgetBits / q - minQuanta, maxExtra);
        if (capacity < 0) {
            return problem.allocation(new int[layerCount]);
        }
        if (capacity + 1 > maxCells / layerCount) {
            throw new IllegalArgumentException("ExactAllocator needs a table of " + layerCount + " layers x "
                    + (capacity + 1) + " quanta of " + q + " bits (budget " + budgetBits
                    + " bits), more than the limit of " + maxCells
                    + " cells; use a coarser quantum or a higher limit");
        }
        return problem.allocation(solve(problem, extra, (int) capacity));
    }

    /** The DP: best[c] = least objective of the layers so far within c extra quanta. */
    private static int[] solve(Problem problem, long[][] extra, int capacity) {
        int layerCount = problem.layerCount();
        int widthCount = problem.widths().count();
        byte[][] choice = new byte[layerCount][capacity + 1];
        double[] best = new double[capacity + 1];
        double[] next = new double[capacity + 1];
        for (int l = 0; l < layerCount; l++) {
            LayerDistortion layer = problem.layer(l);
            byte[] chosen = choice[l];
            double first = layer.distortion(0);
            for (int c = 0; c <= capacity; c++) {
                next[c] = best[c] + first;
            }
            for (int j = 1; j < widthCount && extra[l][j] <= capacity; j++) {
                int shift = (int) extra[l][j];
                double distortion = layer.distortion(j);
                for (int c = shift; c <= capacity; c++) {
                    double value = best[c - shift] + distortion;
                    if (value < next[c]) {
                        next[c] = value;
                        chosen[c] = (byte) j;
                    }
                }
            }
            double[] swap = best;
            best = next;
            next = swap;
        }
        int c = 0;
        while (best[c] != best[capacity]) {
            c++;
        }
        int[] indices = new int[layerCount];
        for (int l = layerCount - 1; l >= 0; l--) {
            indices[l] = choice[l][c];
            c -= (int) extra[l][indices[l]];
        }
        return indices;
    }

    private static long ceilDiv(long a, long b) {
        return a / b + (a % b == 0 ? 0 : 1);
    }

    private static long gcd(long a, long b) {
        while (b != 0) {
            long t = a % b;
            a = b;
            b = t;
        }
        return a;
    }

    @Override
    public String name() {
        return "exact";
    }
}
