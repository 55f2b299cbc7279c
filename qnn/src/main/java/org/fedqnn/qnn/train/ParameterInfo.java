package org.fedqnn.qnn.train;

import java.util.Arrays;
import java.util.Objects;

/**
 * Name, shape and quantization of one trainable tensor of a {@link QnnNetwork}. Names are
 * {@code conv1.weight}, {@code conv1.bias}, {@code dense1.weight}, ...; shapes are
 * {@code [kh, kw, inC, filters]} for convolution kernels, {@code [in, units]} for dense
 * matrices (inputs flattened in NHWC order), {@code [units]} for biases. Immutable.
 *
 * @param name      the tensor's name
 * @param shape     its dimensions, each at least 1
 * @param quantized whether the layer computes with {@code Q(w)}
 */
public record ParameterInfo(String name, long[] shape, boolean quantized) {

    public ParameterInfo {
        Objects.requireNonNull(name, "ParameterInfo.name");
        shape = shape.clone();
        for (long d : shape) {
            if (d < 1) {
                throw new IllegalArgumentException("ParameterInfo.shape of " + name + " must be positive, got "
                        + Arrays.toString(shape));
            }
        }
    }

    @Override
    public long[] shape() {
        return shape.clone();
    }

    /** The number of elements. */
    public long length() {
        long n = 1;
        for (long d : shape) {
            n = Math.multiplyExact(n, d);
        }
        return n;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ParameterInfo p && p.name.equals(name) && Arrays.equals(p.shape, shape)
                && p.quantized == quantized;
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, Arrays.hashCode(shape), quantized);
    }

    @Override
    public String toString() {
        return name + Arrays.toString(shape) + (quantized ? " quantized" : " float");
    }
}
