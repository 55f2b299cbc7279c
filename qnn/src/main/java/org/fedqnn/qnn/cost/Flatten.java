package org.fedqnn.qnn.cost;

/**
 * Reshapes {@code C x H x W} into a flat vector of {@code C * H * W} features, in DL4J's
 * (channels, rows, columns) order.
 *
 * <p>A view of its input: 0 MACs, no weights and nothing added to O_s. Immutable and
 * thread-safe.
 */
public record Flatten() implements Layer {

    @Override
    public String kind() {
        return "flatten";
    }

    @Override
    public String describe() {
        return "-";
    }

    @Override
    public TensorShape outputShape(TensorShape input) {
        try {
            return TensorShape.flat(Math.toIntExact(input.elements()));
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException(
                    errorPrefix() + ": input " + input + " has more than 2^31-1 values", e);
        }
    }

    @Override
    public long storedOutputs(TensorShape input) {
        return 0;
    }
}
