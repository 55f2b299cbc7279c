package org.fedqnn.qnn.cost;

/**
 * Batch normalisation per channel (per feature on a flat input), with a trained scale and shift.
 *
 * <p>Weights (N_s): {@code 2 * channels} (scale gamma and shift beta). The running mean and
 * variance ({@code 2 * channels}) are statistics, not trained weights: they are reported as
 * {@link #buffers}, not in N_s. 0 MACs; its output counts in O_s (eq. (9) charges batch norm
 * per output, at full precision).
 *
 * <p>Immutable and thread-safe.
 *
 * @param epsilon added to the variance, finite and greater than 0
 * @param decay   running-statistics decay (DL4J's {@code decay}), in [0, 1)
 */
public record BatchNorm(double epsilon, double decay) implements Layer {

    public BatchNorm {
        if (!(epsilon > 0) || Double.isInfinite(epsilon)) {
            throw new IllegalArgumentException(
                    "BatchNorm.epsilon must be finite and greater than 0, got " + epsilon);
        }
        if (!(decay >= 0 && decay < 1)) {
            throw new IllegalArgumentException(
                    "BatchNorm.decay must be in [0, 1), got " + decay);
        }
    }

    /** Batch norm with DL4J's defaults: epsilon 1e-5, decay 0.9. */
    public static BatchNorm standard() {
        return new BatchNorm(1e-5, 0.9);
    }

    @Override
    public String kind() {
        return "batch-norm";
    }

    @Override
    public String describe() {
        return "eps " + epsilon + ", decay " + decay;
    }

    @Override
    public TensorShape outputShape(TensorShape input) {
        return input;
    }

    @Override
    public long weights(TensorShape input) {
        return Math.multiplyExact(2L, input.channels());
    }

    @Override
    public long buffers(TensorShape input) {
        return Math.multiplyExact(2L, input.channels());
    }
}
