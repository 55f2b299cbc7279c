package org.fedqnn.qnn.cost;

/**
 * Averages each channel over all rows and columns: {@code C x H x W} becomes the flat vector
 * {@code C x 1 x 1}.
 *
 * <p>0 MACs (sums and one scale), no weights; its {@code C} outputs count in O_s. Immutable and
 * thread-safe.
 */
public record GlobalAvgPool() implements Layer {

    @Override
    public String kind() {
        return "global-avg-pool";
    }

    @Override
    public String describe() {
        return "-";
    }

    @Override
    public TensorShape outputShape(TensorShape input) {
        return TensorShape.flat(input.channels());
    }
}
