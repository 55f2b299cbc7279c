package org.fedqnn.server.strategy;

import java.util.List;
import java.util.Locale;
import org.fedqnn.qnn.train.Precision;

/**
 * Loss-driven precision, after DAdaQuant and AdaQuantFL: start at a low n and raise it when the
 * global loss plateaus, never lower it. The loss watched is F(w) on the training sample
 * ({@link FinishedRound#watchedLoss}). With w the window, n is raised after round t when the
 * last w aggregated rounds all trained at the current n and the loss fell by less than the
 * threshold, relatively, over them: (L_{t-w} - L_t) / |L_{t-w}| &lt; threshold, L_{t-w} being the
 * loss before the first of them (which may be the last round at the previous n). The new n is
 * n + step or n * factor, at most the ceiling. Rounds that did not aggregate are skipped; a NaN
 * loss never raises. m is n every round, or a fixed width. A deterministic function of the
 * history: it keeps no state. Immutable.
 */
public final class LossDrivenPrecision implements PrecisionPolicy {

    /** The policy's name. */
    public static final String NAME = "loss-driven";

    private final int start;
    private final int max;
    private final int step;
    private final boolean doubling;
    private final int window;
    private final double threshold;
    private final Precision uplink;

    /**
     * @param start     the first round's n, 1..max
     * @param max       the ceiling of n, at most 32
     * @param step      added to n at a plateau (or the factor n is multiplied by when {@code doubling}), >= 1
     *                  (a factor >= 2)
     * @param doubling  multiply by {@code step} instead of adding it
     * @param window    rounds at one n before a plateau can be called, >= 1
     * @param threshold the relative loss decrease over the window below which the loss has plateaued, in (0, 1)
     * @param uplink    m every round, or null for m = n
     */
    public LossDrivenPrecision(int start, int max, int step, boolean doubling, int window, double threshold,
                               Precision uplink) {
        if (max < 1 || max > 32) {
            throw new IllegalArgumentException("loss-driven: the ceiling of n must be in 1..32, got " + max);
        }
        if (start < 1 || start > max) {
            throw new IllegalArgumentException("loss-driven: start must be in 1.." + max + " (the ceiling, --bits), "
                    + "got " + start);
        }
        if (doubling ? step < 2 : step < 1) {
            throw new IllegalArgumentException("loss-driven: step must be +k with k >= 1 or xk with k >= 2, got "
                    + (doubling ? "x" : "+") + step);
        }
        if (window < 1) {
            throw new IllegalArgumentException("loss-driven: window must be >= 1 round, got " + window);
        }
        if (!(threshold > 0 && threshold < 1)) {
            throw new IllegalArgumentException("loss-driven: threshold must be in (0, 1), got " + threshold);
        }
        if (uplink != null && uplink.isFloat()) {
            throw new IllegalArgumentException("loss-driven: the uplink width must be fixed point, got float32");
        }
        this.start = start;
        this.max = max;
        this.step = step;
        this.doubling = doubling;
        this.window = window;
        this.threshold = threshold;
        this.uplink = uplink;
    }

    @Override
    public RoundPrecision next(RoundHistory history) {
        int n = current(history.rounds());
        if (plateaued(history.rounds(), n)) {
            n = Math.min(max, doubling ? n * step : n + step);
        }
        return precisionAt(n);
    }

    private RoundPrecision precisionAt(int n) {
        return new RoundPrecision(Precision.fixed(n), uplink == null ? Precision.fixed(n) : uplink);
    }

    /** The n of the last finished round (never below start), start before any. */
    private int current(List<FinishedRound> rounds) {
        return rounds.isEmpty() ? start : Math.max(start, rounds.get(rounds.size() - 1).precision().training().bits());
    }

    /** True when the last {@code window} aggregated rounds trained at n and the loss fell less than the threshold. */
    boolean plateaued(List<FinishedRound> rounds, int n) {
        if (n >= max) {
            return false;
        }
        List<FinishedRound> aggregated = rounds.stream().filter(FinishedRound::aggregated).toList();
        int size = aggregated.size();
        if (size < window) {
            return false;
        }
        for (int i = size - window; i < size; i++) {
            if (aggregated.get(i).precision().training().bits() != n) {
                return false;
            }
        }
        double before = size > window ? aggregated.get(size - window - 1).watchedLoss() : Double.NaN;
        double now = aggregated.get(size - 1).watchedLoss();
        if (Double.isNaN(before) || Double.isNaN(now) || before == 0) {
            return false;
        }
        return (before - now) / Math.abs(before) < threshold;
    }

    @Override
    public String describe() {
        return NAME + ":start=" + start + ",max=" + max + ",step=" + (doubling ? "x" : "+") + step + ",window="
                + window + ",threshold=" + String.format(Locale.ROOT, "%s", threshold)
                + (uplink == null ? "" : ",uplink=" + uplink.bits());
    }
}
