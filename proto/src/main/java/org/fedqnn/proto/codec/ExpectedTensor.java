package org.fedqnn.proto.codec;

import java.util.List;

import org.fedqnn.proto.v2.TensorSpec;

/**
 * A tensor a receiver expects, against which every chunk is checked: its name, its shape and
 * how its values are encoded. Immutable and thread-safe.
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

    /**
     * The expectation a {@link TensorSpec} of a task header describes.
     *
     * @throws WireFormatException when the spec is not a legal expectation
     */
    public static ExpectedTensor fromSpec(TensorSpec spec) {
        try {
            return new ExpectedTensor(spec.getName(), spec.getShapeList(),
                    new WireEncoding(spec.getEncoding(), spec.getBits()));
        } catch (IllegalArgumentException | ArithmeticException e) {
            throw new WireFormatException(spec.getName(), "tensor_spec",
                    "tensor '" + spec.getName() + "': illegal tensor spec: " + e.getMessage(), e);
        }
    }

    /** The spec of this tensor, as a task header lists it. */
    public TensorSpec toSpec() {
        return TensorSpec.newBuilder().setName(name).addAllShape(shape)
                .setEncoding(encoding.encoding()).setBits(encoding.bits()).build();
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
