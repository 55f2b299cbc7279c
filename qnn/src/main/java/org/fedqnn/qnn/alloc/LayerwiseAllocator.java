package org.fedqnn.qnn.alloc;

import java.util.List;

/**
 * {@code layerwise}: greedy by significance gained per bit, under the device's budget, then
 * improved by a local search that moves one or two layers at a time.
 *
 * <p>The greedy pass ({@link GreedySteps#raise}): start with the smallest width on every
 * layer; repeatedly take, over all layers l and all wider widths j of l, the upgrade from l's
 * width i to j with the largest distortion removed per extra bit,
 * (D_l(i) - D_l(j)) / (d_l (b_j - b_i)), among those that still fit the budget and remove
 * some distortion; stop when none is left. Bits that buy nothing are not spent. Looking at
 * every wider width, not only the next, finds an upgrade whose first step gains nothing but a
 * later one does, and while the budget allows moves each layer along the lower convex hull of
 * its (bits, distortion) points (the steepest jump; the shortest of equally steep ones). When
 * the hull's next vertex does not fit, shorter jumps that fit are still taken.
 *
 * <p>The local search: the greedy pass alone ends far from the optimum when what is left of
 * the budget is too small for a big layer's next step and goes to small layers instead (on
 * the paper CNN's sizes we measured objectives up to 3.5 times the optimum, docs/layerwise.md).
 * From the current allocation it tries each single move "layer l to width j" (any width) and,
 * only when none helps, each pair move "layer l to j and layer m to k" with both layers at
 * most {@value #REACH} widths from where they are. After a move the other layers are lowered
 * ({@link GreedySteps#lower}) until the budget is met, then raised again with what is left.
 * The search takes the move that lowers the objective most (ties: the first tried, layers and
 * widths in ascending order) and repeats until no move lowers it, or until it has looked at
 * {@value #MAX_LOOKS} candidate steps in all (counted, not timed, so the result does not
 * depend on the machine). Deterministic.
 *
 * <p>Cost, for L layers and W widths: a greedy pass makes at most L (W - 1) steps of O(L W)
 * looks; a round of the search makes up to L (W - 1) single and 18 L (L - 1) pair moves, each
 * repaired in a few steps of O(L W) looks. Measured on this project's 2-core machines: about
 * 0.1 ms per allocation on the paper CNN (L = 4, W = 10; at most about 2 10^4 looks), and at
 * most about 0.2 s where the look limit cuts the search short (L = 54 or 160).
 *
 * <p>Stateless, immutable and thread-safe.
 */
public final class LayerwiseAllocator implements BitAllocator {

    /** How far, in widths, a pair move may take each of its two layers. */
    static final int REACH = 3;
    /** The local search stops starting moves after this many candidate looks. */
    static final long MAX_LOOKS = 5_000_000L;

    @Override
    public Allocation allocate(List<LayerDistortion> layers, long budgetBits) {
        Problem problem = Problem.of(layers, budgetBits);
        int[] start = new int[problem.layerCount()];
        if (!problem.feasible()) {
            return problem.allocation(start);
        }
        GreedySteps steps = new GreedySteps(problem);
        steps.raise(start, new boolean[start.length]);
        Search search = new Search(problem, steps, start);
        while (search.improveBySingleMoves() || search.improveByPairMoves()) {
            // each round strictly lowers the objective, so the loop ends
        }
        return problem.allocation(search.best);
    }

    /** Plain greedy from the smallest widths, without the local search: for the docs' figures. */
    static Allocation greedyOnly(List<LayerDistortion> layers, long budgetBits) {
        Problem problem = Problem.of(layers, budgetBits);
        int[] widths = new int[problem.layerCount()];
        if (problem.feasible()) {
            new GreedySteps(problem).raise(widths, new boolean[widths.length]);
        }
        return problem.allocation(widths);
    }

    @Override
    public String name() {
        return "layerwise";
    }

    /** The local search's state: the best allocation so far. Not thread-safe; one per call. */
    private static final class Search {

        private final Problem problem;
        private final GreedySteps steps;
        private int[] best;
        private double bestValue;
        private int[] next;
        private double nextValue;

        Search(Problem problem, GreedySteps steps, int[] start) {
            this.problem = problem;
            this.steps = steps;
            this.best = start;
            this.bestValue = problem.distortion(start);
        }

        /** One round of single moves; true when one lowered the objective. */
        boolean improveBySingleMoves() {
            next = null;
            nextValue = bestValue;
            for (int l = 0; l < best.length; l++) {
                for (int j = 0; j < problem.widths().count(); j++) {
                    if (j != best[l]) {
                        offer(repaired(l, j, l, j));
                    }
                }
            }
            return commit();
        }

        /** One round of pair moves; true when one lowered the objective. */
        boolean improveByPairMoves() {
            next = null;
            nextValue = bestValue;
            for (int l = 0; l < best.length; l++) {
                for (int m = l + 1; m < best.length; m++) {
                    for (int j = low(l); j <= high(l); j++) {
                        for (int k = low(m); k <= high(m); k++) {
                            if (j != best[l] && k != best[m]) {
                                offer(repaired(l, j, m, k));
                            }
                        }
                    }
                }
            }
            return commit();
        }

        /**
         * The allocation with l at j and m at k (m may be l), the other layers lowered until the
         * budget is met and raised with what is left; null when it cannot be met or the search
         * has used up its looks.
         */
        private int[] repaired(int l, int j, int m, int k) {
            if (steps.looks() >= MAX_LOOKS) {
                return null;
            }
            int[] candidate = best.clone();
            candidate[l] = j;
            candidate[m] = k;
            boolean[] held = new boolean[best.length];
            held[l] = true;
            held[m] = true;
            if (!steps.lower(candidate, held)) {
                return null;
            }
            steps.raise(candidate, held);
            return candidate;
        }

        private void offer(int[] candidate) {
            if (candidate != null && problem.distortion(candidate) < nextValue) {
                next = candidate;
                nextValue = problem.distortion(candidate);
            }
        }

        private boolean commit() {
            if (next == null) {
                return false;
            }
            best = next;
            bestValue = nextValue;
            return true;
        }

        private int low(int layer) {
            return Math.max(0, best[layer] - REACH);
        }

        private int high(int layer) {
            return Math.min(problem.widths().count() - 1, best[layer] + REACH);
        }
    }
}
