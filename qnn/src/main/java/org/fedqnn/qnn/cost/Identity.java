package org.fedqnn.qnn.cost;

/**
 * Passes its input on unchanged: 0 MACs, no weights and nothing added to O_s. Useful as an
 * explicit placeholder, e.g. an identity shortcut written out. Immutable and thread-safe.
 */
public record Identity() implements Layer {

    @Override
    public String kind() {
        return "identity";
    }

    @Override
    public String describe() {
        return "-";
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
