package org.fedqnn.client;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What a device's local training produced in one round: the delta d = w_{t,I} - w_t per tensor,
 * in the model's parameter order, and the figures its update's trailer reports. Immutable
 * (the arrays are copied in and out) and thread-safe.
 *
 * <p>{@link #meanSquaredGradientNorm()} and {@link #gradientVariance()} are 0: they are not
 * measured yet (a later issue estimates them for the bound), and 0 means "not measured" on
 * the wire.
 *
 * @param deltas         d per tensor, finite
 * @param meanLocalLoss  the mean training loss over the local steps
 * @param computeSeconds wall seconds of the local steps, >= 0
 * @param samplesUsed    samples processed, counting repeats (I * B)
 * @param localSteps     local steps run (I)
 * @param costs          per-sample counts of the network
 */
public record LocalResult(List<float[]> deltas, double meanLocalLoss, double computeSeconds, long samplesUsed,
                          int localSteps, SampleCosts costs) {

    public LocalResult {
        deltas = copy(Objects.requireNonNull(deltas, "LocalResult.deltas"));
        Objects.requireNonNull(costs, "LocalResult.costs");
        if (!(computeSeconds >= 0)) {
            throw new IllegalArgumentException("LocalResult.computeSeconds must be >= 0, got " + computeSeconds);
        }
        if (samplesUsed < 0 || localSteps < 0) {
            throw new IllegalArgumentException("LocalResult.samplesUsed and localSteps must be >= 0, got "
                    + samplesUsed + " and " + localSteps);
        }
    }

    @Override
    public List<float[]> deltas() {
        return copy(deltas);
    }

    /** The delta of tensor {@code index}, a copy. */
    public float[] delta(int index) {
        return deltas.get(index).clone();
    }

    /** Mean over the local steps of ||g||^2: 0, not measured yet. */
    public double meanSquaredGradientNorm() {
        return 0;
    }

    /** The variance of the stochastic gradient: 0, not measured yet. */
    public double gradientVariance() {
        return 0;
    }

    private static List<float[]> copy(List<float[]> arrays) {
        List<float[]> out = new ArrayList<>(arrays.size());
        for (float[] a : arrays) {
            out.add(a.clone());
        }
        return List.copyOf(out);
    }
}
