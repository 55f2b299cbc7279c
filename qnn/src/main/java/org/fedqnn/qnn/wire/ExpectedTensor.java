package org.fedqnn.qnn.wire;

import java.util.List;

/**
 * A tensor a receiver expects, against which every chunk is checked: its name, its shape and
 * how its values are encoded. A domain type (the round logic builds the update tensors of each
 * device from it); the proto module converts it to and from the contract's {@code TensorSpec}.
 * Immutable and thread-safe.
 *
 * @param name     the layer parameter, e.g. {@code "0_W"}; not blank
 * @param shape    dimensions, outermost first, at least one, each at least 1; the element
 *                 count must fit a Java array
 * @param encoding how the tensor's chunks are encoded
 */
public record ExpectedTensor(String name, List<Long> shape, WireEncoding encoding) {

    /** The most elements one tensor may have: the largest Java array of floats. */
    public static final long MAX_ELEMENTS = Integer.MAX_VALUE - 8;

    public ExpectedTensor {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("ExpectedTensor.name must not be blank, got '" + name + "'");
        }
        if (encoding == null) {
            throw new NullPointerException("ExpectedTensor.encoding of '" + name + "' must not be null");
        }
        shape = List.copyOf(shape);
        if (shape.isEmpty()) {
            throw new IllegalArgumentException("ExpectedTensor.shape of '" + name + "' must have at least one dimension");
        }
        long count = 1;
        for (long d : shape) {
            if (d < 1) {
                throw new IllegalArgumentException("ExpectedTensor.shape of '" + name
                        + "' must have every dimension >= 1, got " + shape);
            }
            count = Math.multiplyExact(count, d);
            if (count > MAX_ELEMENTS) {
                throw new IllegalArgumentException("ExpectedTensor.shape of '" + name + "' must hold at most "
                        + MAX_ELEMENTS + " elements, got " + shape);
            }
        }
    }

    /** Convenience for {@code new ExpectedTensor(name, List.of(shape...), encoding)}. */
    public static ExpectedTensor of(String name, WireEncoding encoding, long... shape) {
        return new ExpectedTensor(name, java.util.Arrays.stream(shape).boxed().toList(), encoding);
    }

    /** The product of the dimensions. */
    public int elementCount() {
        long count = 1;
        for (long d : shape) {
            count *= d;
        }
        return (int) count;
    }
}
