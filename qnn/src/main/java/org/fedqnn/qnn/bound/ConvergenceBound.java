package org.fedqnn.qnn.bound;

import org.fedqnn.qnn.Checks;

/**
 * Proposition 1 for a model of d values: v of eq. (21), the bound of eq. (20) and the rounds
 * T that eq. (22) asks for a target gap epsilon. With g the G-term of
 * {@link BoundParameters#gradientTerm()} (G, or G^2 as printed):
 *
 * <pre>
 *   v(n)  = sum_k sigma_k^2 / N^2 + d / 2^(2n) (1 + 2 I g / K)
 *           + 4 (I - 1)^2 g + 4 (N - K) / (K (N - 1)) I^2 g              (21)
 *   E[F(w_T) - F(w*)] &lt;= (L / 2) v / (T + gamma)                          (20)
 *   T(n)  = L v / (2 epsilon) - gamma, and 0 when that is negative          (22)
 * </pre>
 *
 * The sampling term is 0 when K = N (everyone takes part; it is 0/0 at N = 1). n is real, for
 * the line search of section III. T is the relaxed (continuous) round count the paper uses in
 * eq. (23); the rounds a run needs are its ceiling. T is clamped at 0: a target already met by
 * the bound at T = 0 costs no round, and so no energy.
 *
 * <p>Immutable and thread-safe.
 *
 * @param parameters L, mu, beta, gamma, sigma, G
 * @param setting    N, K, I
 * @param modelSize  d, the number of model parameters, at least 1
 */
public record ConvergenceBound(BoundParameters parameters, FederatedSetting setting,
                               long modelSize) {

    public ConvergenceBound {
        Checks.notNull("ConvergenceBound.parameters", parameters);
        Checks.notNull("ConvergenceBound.setting", setting);
        Checks.atLeast("ConvergenceBound.modelSize", 1, modelSize);
    }

    /** v of eq. (21) at precision n (finite, at least 1). */
    public double v(double n) {
        Checks.positive("ConvergenceBound precision n", n);
        double devices = setting.devices();
        double perRound = setting.devicesPerRound();
        double steps = setting.localSteps();
        double g = parameters.gradientTerm();
        double noise = parameters.meanSigmaSquared() / devices;
        double quantization = quantizationVariance(n) * (1 + 2 * steps * g / perRound);
        double drift = 4 * (steps - 1) * (steps - 1) * g;
        double sampling = setting.devicesPerRound() == setting.devices() ? 0
                : 4 * (devices - perRound) / (perRound * (devices - 1)) * steps * steps * g;
        return noise + quantization + drift + sampling;
    }

    /** d / 2^(2n), Lemma 1's bound on the quantization error of the d-vector. */
    public double quantizationVariance(double n) {
        return modelSize * Math.pow(2, -2 * n);
    }

    /** The right side of eq. (20) after {@code rounds} (at least 0, real) rounds. */
    public double gapBound(double n, double rounds) {
        Checks.nonNegative("ConvergenceBound rounds", rounds);
        return parameters.smoothnessL() / 2 * v(n) / (rounds + parameters.gamma());
    }

    /** T = L v / (2 epsilon) - gamma, at least 0, for a target gap epsilon &gt; 0. */
    public double rounds(double n, double epsilon) {
        Checks.positive("ConvergenceBound epsilon", epsilon);
        return Math.max(0, parameters.smoothnessL() * v(n) / (2 * epsilon) - parameters.gamma());
    }
}
