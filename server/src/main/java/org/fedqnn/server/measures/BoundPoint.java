package org.fedqnn.server.measures;

/**
 * The measured loss gap of the global model after T rounds next to the bound of eq. (20) for T,
 * once with the paper's parameters and once with G and sigma estimated from the devices'
 * gradients so far. Immutable.
 *
 * @param rounds           T, rounds aggregated into the model
 * @param trainingLoss     F(w_T): mean cross-entropy of the deterministic model on the loss samples
 * @param gap              F(w_T) - F*
 * @param paperBound       (L/2) v / (T + gamma) with the paper's L, mu, sigma_k, G
 * @param estimatedBound   the same with G and sigma_k^2 estimated from the gradients; NaN before any
 * @param gradientBoundG   the estimate of G: the largest mean ||g||^2 a device reported; NaN before any
 * @param meanSigmaSquared the estimate of (1/N) sum sigma_k^2: the mean reported variance; NaN before any
 */
public record BoundPoint(long rounds, double trainingLoss, double gap, double paperBound, double estimatedBound,
                         double gradientBoundG, double meanSigmaSquared) {

    /** The point of a model that was not evaluated (a round skipped by {@code --eval-every}): all NaN. */
    public static BoundPoint notEvaluated(long rounds) {
        return new BoundPoint(rounds, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
    }

    /** True when this point's model was evaluated. */
    public boolean evaluated() {
        return !Double.isNaN(trainingLoss);
    }
}
