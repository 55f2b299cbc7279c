package org.fedqnn.qnn.bound;

import org.fedqnn.qnn.Checks;

/**
 * The constants of Proposition 1 (section III; defaults from section IV): the loss is
 * L-smooth and mu-strongly convex, the learning rate is eta_t = beta / (t + gamma), device
 * k's stochastic gradients have variance at most sigma_k^2, and G bounds their size.
 *
 * <p>Section IV calls G a bound on the <em>squared</em> norm, while eq. (21) squares it again.
 * {@link #gradientBoundReading()} says which is meant; the default
 * {@link GradientBoundReading#SQUARED_NORM} (G enters eq. (21) as G, not G^2) is the reading
 * that reproduces the paper's n* (see {@code docs/energy-and-bound.md}).
 *
 * <p>The sigma_k enter eq. (21) only through sum_k sigma_k^2 / N^2 = mean(sigma_k^2) / N, so
 * this record keeps their mean square; {@link #meanSquare} makes it from per-device values.
 *
 * <p>Immutable and thread-safe.
 *
 * @param smoothnessL          L, finite and &gt; 0 (paper: 1)
 * @param strongConvexityMu    mu, finite and &gt; 0 (paper: 1)
 * @param beta                 beta of the learning rate, finite and &gt; 0 (paper: 5)
 * @param gamma                gamma of the learning rate and of eq. (20), finite and &gt; 0
 *                             (paper: 1)
 * @param meanSigmaSquared     (1/N) sum_k sigma_k^2, finite and at least 0 (paper: 1)
 * @param gradientBoundG       G, finite and at least 0 (paper: 0.02)
 * @param gradientBoundReading how G enters eq. (21)
 */
public record BoundParameters(double smoothnessL, double strongConvexityMu, double beta,
                              double gamma, double meanSigmaSquared, double gradientBoundG,
                              GradientBoundReading gradientBoundReading) {

    /** How the G of section IV enters eq. (21). */
    public enum GradientBoundReading {
        /** G bounds E||g||^2 (section IV's words): eq. (21)'s G^2 terms are read as G. */
        SQUARED_NORM,
        /** G bounds the norm: eq. (21) as printed, with G^2. */
        AS_PRINTED
    }

    public BoundParameters {
        Checks.positive("BoundParameters.smoothnessL", smoothnessL);
        Checks.positive("BoundParameters.strongConvexityMu", strongConvexityMu);
        Checks.positive("BoundParameters.beta", beta);
        Checks.positive("BoundParameters.gamma", gamma);
        Checks.nonNegative("BoundParameters.meanSigmaSquared", meanSigmaSquared);
        Checks.nonNegative("BoundParameters.gradientBoundG", gradientBoundG);
        Checks.notNull("BoundParameters.gradientBoundReading", gradientBoundReading);
    }

    /** Section IV: L = 1, mu = 1, beta = 5, gamma = 1, sigma_k = 1, G = 0.02 (squared norm). */
    public static BoundParameters paperDefaults() {
        return new BoundParameters(1, 1, 5, 1, 1, 0.02, GradientBoundReading.SQUARED_NORM);
    }

    /** (1/N) sum_k sigma_k^2 of per-device standard deviations (at least one). */
    public static double meanSquare(double... sigmas) {
        Checks.atLeast("BoundParameters sigmas length", 1, sigmas.length);
        double sum = 0;
        for (int k = 0; k < sigmas.length; k++) {
            Checks.nonNegative("BoundParameters sigmas[" + k + "]", sigmas[k]);
            sum += sigmas[k] * sigmas[k];
        }
        return sum / sigmas.length;
    }

    /** The G-term factor of eq. (21): G under {@code SQUARED_NORM}, G^2 as printed. */
    public double gradientTerm() {
        return gradientBoundReading == GradientBoundReading.SQUARED_NORM
                ? gradientBoundG : gradientBoundG * gradientBoundG;
    }

    /** eta_t = beta / (t + gamma) for round {@code t} at least 0. */
    public double learningRate(long round) {
        Checks.atLeast("BoundParameters round", 0, round);
        return beta / (round + gamma);
    }

    /**
     * Whether Proposition 1's condition L &lt; 2 eta_t / (2 eta_t^2 + 1) holds in round
     * {@code t}. Its right side is at most 1/sqrt(2) (at eta = 1/sqrt(2)) and tends to 0 as
     * eta_t does, so it fails for every round when L &ge; 1/sqrt(2), as with the paper's L = 1,
     * and for all late rounds whatever L is; the bound is evaluated anyway, as the paper does.
     */
    public boolean propositionConditionHolds(long round) {
        double eta = learningRate(round);
        return smoothnessL < 2 * eta / (2 * eta * eta + 1);
    }

    /** Whether {@code beta > 1 / mu}, Proposition 1's other condition. */
    public boolean betaConditionHolds() {
        return beta > 1 / strongConvexityMu;
    }

    /** These parameters with G read as {@code reading}. */
    public BoundParameters withGradientBoundReading(GradientBoundReading reading) {
        return new BoundParameters(smoothnessL, strongConvexityMu, beta, gamma, meanSigmaSquared,
                gradientBoundG, reading);
    }
}
