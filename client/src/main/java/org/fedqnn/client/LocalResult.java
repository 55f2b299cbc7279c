package org.fedqnn.client;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What a device's local training produced in one round: the delta d = w_{t,I} - w_t per tensor,
 * in the model's parameter order, and the figures its update's trailer reports. Immutable
 * (the arrays are copied in and out) and thread-safe.
 *
 * <p>The gradient figures are those of {@link GradientMoments} over the I local steps; the
 * variance is 0 ("not measured" on the wire) when I = 1.
 *
 * @param deltas         d per tensor, finite
 * @param meanLocalLoss  the mean training loss over the local steps
 * @param computeSeconds wall seconds of the local steps, >= 0
 * @param samplesUsed    samples processed, counting repeats (I * B)
 * @param localSteps     local steps run (I)
 * @param costs          per-sample counts of the network
 * @param meanSquaredGradientNorm mean over the local steps of ||g||^2, finite and >= 0
 * @param gradientVariance        the spread of the steps' gradients about their mean, finite and >= 0
 */
public record LocalResult(List<float[]> deltas, double meanLocalLoss, double computeSeconds, long samplesUsed,
                          int localSteps, SampleCosts costs, double meanSquaredGradientNorm,
                          double gradientVariance) {

    public LocalResult {
        deltas = copy(Objects.requireNonNull(deltas, "LocalResult.deltas"));
        Objects.requireNonNull(costs, "LocalResult.costs");
        if (!(computeSeconds >= 0)) {
            throw new IllegalArgumentException("LocalResult.computeSeconds must be >= 0, got " + computeSeconds);
        }
        if (!(meanSquaredGradientNorm >= 0) || !Double.isFinite(meanSquaredGradientNorm)
                || !(gradientVariance >= 0) || !Double.isFinite(gradientVariance)) {
            throw new IllegalArgumentException("LocalResult gradient figures must be finite and >= 0, got "
                    + meanSquaredGradientNorm + " and " + gradientVariance);
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

    private static List<float[]> copy(List<float[]> arrays) {
        List<float[]> out = new ArrayList<>(arrays.size());
        for (float[] a : arrays) {
            out.add(a.clone());
        }
        return List.copyOf(out);
    }
}
