package org.fedqnn.qnn.cost;

/**
 * Dropout: during training each value is zeroed with probability {@code rate} (and the rest
 * scaled), at inference it is the identity.
 *
 * <p>Counted as a pass-through: 0 MACs, no weights and nothing added to O_s, because the mask is
 * applied to the next layer's input as it is read (DL4J sets dropout on the following layer).
 * Immutable and thread-safe.
 *
 * @param rate drop probability, in [0, 1)
 */
public record Dropout(double rate) implements Layer {

    public Dropout {
        if (!(rate >= 0 && rate < 1)) {
            throw new IllegalArgumentException("Dropout.rate must be in [0, 1), got " + rate);
        }
    }

    @Override
    public String kind() {
        return "dropout";
    }

    @Override
    public String describe() {
        return "rate " + rate;
    }

    @Override
    public TensorShape outputShape(TensorShape input) {
        return input;
    }

    @Override
    public long storedOutputs(TensorShape input) {
        return 0;
    }
}
