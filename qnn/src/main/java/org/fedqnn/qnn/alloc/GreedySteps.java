package org.fedqnn.qnn.alloc;

/**
 * The two greedy passes of {@link LayerwiseAllocator} over one problem, on width indices in
 * place: raising layers by the most distortion removed per extra bit while the budget allows,
 * and lowering them by the least distortion added per bit saved until the budget is met.
 * Layers marked held are never moved. Counts the candidate moves it looks at, so that the
 * caller can bound its work deterministically. Not thread-safe: one per allocation.
 */
final class GreedySteps {

    private final Problem problem;
    private long looks;

    GreedySteps(Problem problem) {
        this.problem = problem;
    }

    /** Candidate moves looked at so far. */
    long looks() {
        return looks;
    }

    /**
     * Raises: repeatedly the move, over the layers not held and every wider width j of each,
     * from its current width i to j with the largest (D(i) - D(j)) / (bits(j) - bits(i)),
     * among the moves that fit the budget and remove some distortion. Ties: the lower layer,
     * then the smaller width.
     */
    void raise(int[] current, boolean[] held) {
        long left = problem.budgetBits() - problem.bits(current);
        int widthCount = problem.widths().count();
        while (true) {
            int bestLayer = -1;
            int bestWidth = -1;
            double bestRatio = 0;
            long bestExtra = 0;
            for (int l = 0; l < current.length; l++) {
                if (held[l]) {
                    continue;
                }
                LayerDistortion layer = problem.layer(l);
                int i = current[l];
                for (int j = i + 1; j < widthCount; j++) {
                    looks++;
                    long extra = layer.bits(j) - layer.bits(i);
                    if (extra > left) {
                        break;
                    }
                    double ratio = (layer.distortion(i) - layer.distortion(j)) / extra;
                    if (ratio > bestRatio) {
                        bestLayer = l;
                        bestWidth = j;
                        bestRatio = ratio;
                        bestExtra = extra;
                    }
                }
            }
            if (bestLayer < 0) {
                return;
            }
            current[bestLayer] = bestWidth;
            left -= bestExtra;
        }
    }

    /**
     * Lowers until the budget is met: repeatedly the move, over the layers not held and every
     * narrower width j, with the least (D(j) - D(i)) / (bits(i) - bits(j)); except that when
     * that move alone would meet the budget, the move that meets it with the least distortion
     * added is taken instead (so that a small shortfall is not covered by a big, dear step).
     * Ties: the lower layer, then the wider width. False when the budget cannot be met.
     */
    boolean lower(int[] current, boolean[] held) {
        long over = problem.bits(current) - problem.budgetBits();
        while (over > 0) {
            Move move = lowering(current, held, 0);
            if (move == null) {
                return false;
            }
            if (move.saved >= over) {
                move = lowering(current, held, over);
            }
            current[move.layer] = move.width;
            over -= move.saved;
        }
        return true;
    }

    private record Move(int layer, int width, long saved) {
    }

    /**
     * With {@code cover} 0: the lowering with the least distortion added per bit saved. Else:
     * the lowering with the least distortion added among those that save at least {@code cover} bits.
     */
    private Move lowering(int[] current, boolean[] held, long cover) {
        Move best = null;
        double least = Double.POSITIVE_INFINITY;
        for (int l = 0; l < current.length; l++) {
            if (held[l]) {
                continue;
            }
            LayerDistortion layer = problem.layer(l);
            int i = current[l];
            for (int j = i - 1; j >= 0; j--) {
                looks++;
                long saved = layer.bits(i) - layer.bits(j);
                double added = layer.distortion(j) - layer.distortion(i);
                double score = cover == 0 ? added / saved : added;
                if (saved >= cover && score < least) {
                    best = new Move(l, j, saved);
                    least = score;
                }
            }
        }
        return best;
    }
}
