package org.fedqnn.server.calibrate;

import org.fedqnn.qnn.FixedPointFormat;

/**
 * The variance that the stochastic quantizer Q of eq. (4) adds to a model delta, computed from
 * the quantizer's definition rather than bounded by Lemma 1.
 *
 * <p>For one value x on the grid of step kappa = 2^(1-n), with f = frac(x / kappa), eq. (18)
 * gives E[(Q(x) - x)^2] = kappa^2 f (1 - f) exactly; Lemma 1 bounds it by kappa^2 / 4 = 2^(-2n).
 * The devices report ||g_s||^2 and the spread of their I step gradients (see
 * {@code GradientMoments}), which fix the delta's squared norm exactly:
 * ||d||^2 = eta^2 ||sum_s g_s||^2 = eta^2 I (I msq - (I - 1) var), but not its values. This
 * class takes the d values of the delta as independent N(0, ||d||^2 / d) draws and returns the
 * exact expectation of kappa^2 f (1 - f) under that law, by the Fourier series of
 * u (1 - u) on [0, 1): E[f (1 - f)] = 1/6 - sum_m exp(-2 pi^2 m^2 s^2 / kappa^2) / (pi^2 m^2)
 * with s the values' standard deviation. For s much larger than kappa it tends to
 * kappa^2 / 6 (two thirds of Lemma 1's bound); for s much smaller to sqrt(2 / pi) s kappa,
 * linear in the delta. The equal-spread law over-estimates a delta whose spread differs
 * between layers (the map from s^2 to the variance is concave), so the figure is an upper
 * estimate between those two regimes and exact in both limits. Stateless.
 */
public final class QuantizationVariance {

    private static final double SMALL_RATIO = 0.05;
    private static final int TERMS = 200;

    private QuantizationVariance() {
    }

    /**
     * E[(Q(x) - x)^2] for x ~ N(0, s^2) quantized stochastically at {@code bits} bits.
     *
     * @param s    the values' standard deviation, finite and &ge; 0
     * @param bits n, 1..32
     */
    public static double perValue(double s, int bits) {
        if (!(s >= 0) || !Double.isFinite(s)) {
            throw new IllegalArgumentException("the standard deviation of the delta's values must be finite and "
                    + ">= 0, got " + s);
        }
        double kappa = FixedPointFormat.of(bits).kappa();
        double r = s / kappa;
        if (r == 0) {
            return 0;
        }
        if (r < SMALL_RATIO) {
            // |x| < kappa with probability 1 - 2e-87: f (1 - f) = |u| (1 - |u|), u = x / kappa
            return kappa * kappa * (Math.sqrt(2 / Math.PI) * r - r * r);
        }
        double sum = 0;
        for (int m = 1; m <= TERMS; m++) {
            double term = Math.exp(-2 * Math.PI * Math.PI * m * m * r * r) / (Math.PI * Math.PI * m * m);
            sum += term;
            if (term < 1e-18) {
                break;
            }
        }
        return kappa * kappa * Math.max(0, 1.0 / 6 - sum);
    }

    /**
     * E||Q(d) - d||^2 for a delta of {@code values} values whose squared norm is
     * {@code squaredNorm}, quantized at {@code bits} bits (0 for float32, which is sent as it is).
     */
    public static double ofDelta(double squaredNorm, long values, int bits, boolean float32) {
        if (values < 1) {
            throw new IllegalArgumentException("a delta has at least one value, got " + values);
        }
        if (float32) {
            return 0;
        }
        return values * perValue(Math.sqrt(Math.max(0, squaredNorm) / values), bits);
    }

    /** Lemma 1's bound d / 2^(2n), for comparison. */
    public static double lemmaBound(long values, int bits) {
        return values * Math.scalb(1.0, -2 * bits);
    }
}
