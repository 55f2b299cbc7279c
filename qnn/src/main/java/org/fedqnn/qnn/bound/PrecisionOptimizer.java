package org.fedqnn.qnn.bound;

import java.util.function.DoubleUnaryOperator;
import org.fedqnn.qnn.Checks;

/**
 * Solves problem (23) as section III does: relax n to a real in [1, n_max], find the minimum
 * of f_E by a line search, round it, and check the rounded n against its integer neighbours.
 *
 * <p>The line search: a bracketing scan of f at steps of {@value #SCAN_STEP} over [1, n_max]
 * (f_E is not known to be unimodal everywhere, e.g. where T is clamped at 0), then a
 * golden-section search in the step either side of the best scanned point, to
 * {@value #TOLERANCE}. The rounded result then moves to a neighbouring integer while that
 * neighbour is no worse (going down) or strictly better (going up), so ties go to the smaller
 * n, the cheaper and the first one an integer scan would meet.
 *
 * <p>Stateless: all methods are static and thread-safe.
 */
public final class PrecisionOptimizer {

    /** Step of the bracketing scan, in bits. */
    static final double SCAN_STEP = 0.5;
    /** Width of the final golden-section interval, in bits. */
    static final double TOLERANCE = 1e-6;
    private static final double INVERSE_PHI = (Math.sqrt(5) - 1) / 2;

    private PrecisionOptimizer() {
    }

    /**
     * The result of the search. Immutable and thread-safe.
     *
     * @param nStar       the integer precision n*
     * @param continuousN the minimiser of the relaxed problem
     * @param joules      f(n*)
     * @param evaluations how many times f was evaluated
     */
    public record Optimum(int nStar, double continuousN, double joules, int evaluations) {
    }

    /** n* of {@code objective} over [1, n_max]. */
    public static Optimum optimize(EnergyObjective objective) {
        return optimize(objective::joules, objective.nMax());
    }

    /** The integer minimiser of {@code f} on [1, {@code nMax}] by the search above. */
    public static Optimum optimize(DoubleUnaryOperator f, int nMax) {
        Checks.atLeast("PrecisionOptimizer nMax", 1, nMax);
        Counted counted = new Counted(f);
        double continuous = nMax == 1 ? 1 : lineSearch(counted, nMax);
        int n = (int) Math.max(1, Math.min(nMax, Math.round(continuous)));
        double value = counted.at(n);
        while (true) {
            if (n > 1 && counted.at(n - 1) <= value) {
                n--;
                value = counted.at(n);
            } else if (n < nMax && counted.at(n + 1) < value) {
                n++;
                value = counted.at(n);
            } else {
                break;
            }
        }
        return new Optimum(n, continuous, value, counted.evaluations);
    }

    /** The first integer in 1..{@code nMax} where {@code f} is smallest, by evaluating all. */
    public static int argminOverIntegers(DoubleUnaryOperator f, int nMax) {
        Checks.atLeast("PrecisionOptimizer nMax", 1, nMax);
        int best = 1;
        double bestValue = f.applyAsDouble(1);
        for (int n = 2; n <= nMax; n++) {
            double value = f.applyAsDouble(n);
            if (value < bestValue) {
                best = n;
                bestValue = value;
            }
        }
        return best;
    }

    private static double lineSearch(Counted f, int nMax) {
        double best = 1;
        double bestValue = f.at(1);
        for (double n = 1 + SCAN_STEP; n <= nMax + 1e-9; n += SCAN_STEP) {
            double value = f.at(n);
            if (value < bestValue) {
                best = n;
                bestValue = value;
            }
        }
        double lo = Math.max(1, best - SCAN_STEP);
        double hi = Math.min(nMax, best + SCAN_STEP);
        double a = hi - INVERSE_PHI * (hi - lo);
        double b = lo + INVERSE_PHI * (hi - lo);
        double fa = f.at(a);
        double fb = f.at(b);
        while (hi - lo > TOLERANCE) {
            if (fa <= fb) {
                hi = b;
                b = a;
                fb = fa;
                a = hi - INVERSE_PHI * (hi - lo);
                fa = f.at(a);
            } else {
                lo = a;
                a = b;
                fa = fb;
                b = lo + INVERSE_PHI * (hi - lo);
                fb = f.at(b);
            }
        }
        double mid = (lo + hi) / 2;
        return f.at(mid) <= bestValue ? mid : best;
    }

    /** f with a count of its evaluations; confined to one call of {@link #optimize}. */
    private static final class Counted {
        private final DoubleUnaryOperator f;
        private int evaluations;

        Counted(DoubleUnaryOperator f) {
            this.f = f;
        }

        double at(double n) {
            evaluations++;
            double value = f.applyAsDouble(n);
            if (Double.isNaN(value)) {
                throw new IllegalArgumentException("PrecisionOptimizer: f(" + n + ") is NaN");
            }
            return value;
        }
    }
}
