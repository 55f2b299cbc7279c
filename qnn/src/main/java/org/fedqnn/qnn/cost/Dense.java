package org.fedqnn.qnn.cost;

/**
 * A fully connected layer on a flat input ({@code features x 1 x 1}); put a {@link Flatten} or
 * {@link GlobalAvgPool} before it when the previous output is spatial.
 *
 * <p>Per sample: forward MACs {@code in * units} (the bias add is not a MAC); weights
 * {@code in * units}, plus {@code units} biases when {@code bias} is set. The output is the raw
 * affine result: a classifier's softmax belongs to the loss and is not counted.
 *
 * <p>Immutable and thread-safe.
 *
 * @param units output features, at least 1
 * @param bias  whether each unit has a bias
 */
public record Dense(int units, boolean bias) implements Layer {

    public Dense {
        Windows.requirePositive("Dense.units", units);
    }

    /** A dense layer with bias. */
    public static Dense of(int units) {
        return new Dense(units, true);
    }

    @Override
    public String kind() {
        return "dense";
    }

    @Override
    public String describe() {
        return units + " units" + (bias ? "" : ", no bias");
    }

    @Override
    public TensorShape outputShape(TensorShape input) {
        if (!input.isFlat()) {
            throw new IllegalArgumentException(errorPrefix()
                    + ": needs a flat input (features x 1 x 1), got " + input
                    + "; put a flatten or global-avg-pool before it");
        }
        return TensorShape.flat(units);
    }

    @Override
    public long forwardMacs(TensorShape input) {
        outputShape(input);
        return Math.multiplyExact((long) input.channels(), units);
    }

    @Override
    public long weights(TensorShape input) {
        long matrix = forwardMacs(input);
        return bias ? Math.addExact(matrix, units) : matrix;
    }
}
