package org.fedqnn.qnn.cost;

import java.util.Locale;
import java.util.Objects;

/**
 * An element-wise activation function.
 *
 * <p>0 MACs, no weights. Its output counts in O_s even where a framework could compute it in
 * place: in a QNN the activation output is quantized, a tensor apart from the full-precision
 * pre-activation that back-propagation needs, so both are stored.
 *
 * <p>Immutable and thread-safe.
 *
 * @param type the function
 */
public record Activation(Type type) implements Layer {

    /** The element-wise functions. */
    public enum Type {
        /** max(0, x). */
        RELU,
        /** clip(x, -1, 1), the usual QNN activation. */
        HARDTANH,
        /** 1 / (1 + e^-x), e.g. the gate of squeeze-excitation. */
        SIGMOID,
        /** tanh(x). */
        TANH
    }

    public Activation {
        Objects.requireNonNull(type, "Activation.type");
    }

    /** ReLU. */
    public static Activation relu() {
        return new Activation(Type.RELU);
    }

    /** Hardtanh. */
    public static Activation hardtanh() {
        return new Activation(Type.HARDTANH);
    }

    /** Sigmoid. */
    public static Activation sigmoid() {
        return new Activation(Type.SIGMOID);
    }

    @Override
    public String kind() {
        return "activation";
    }

    @Override
    public String describe() {
        return type.name().toLowerCase(Locale.ROOT);
    }

    @Override
    public TensorShape outputShape(TensorShape input) {
        return input;
    }
}
