package org.fedqnn.proto.codec;

import org.fedqnn.proto.v2.Encoding;
import org.fedqnn.proto.v2.TensorSpec;
import org.fedqnn.qnn.wire.ExpectedTensor;
import org.fedqnn.qnn.wire.WireEncoding;

/**
 * Conversions between the domain's {@link ExpectedTensor} and {@link WireEncoding} and the
 * contract's {@link TensorSpec} and {@link Encoding}. Stateless and thread-safe.
 */
public final class TensorSpecs {

    private TensorSpecs() {
    }

    /** The contract's name of {@code encoding}'s kind. */
    public static Encoding toProto(WireEncoding encoding) {
        return switch (encoding.kind()) {
            case FIXED_POINT -> Encoding.ENCODING_FIXED_POINT;
            case FLOAT32 -> Encoding.ENCODING_FLOAT32;
        };
    }

    /**
     * The encoding a message names.
     *
     * @throws IllegalArgumentException naming the field when it is no legal encoding
     */
    public static WireEncoding fromProto(Encoding encoding, int bits) {
        return switch (encoding) {
            case ENCODING_FIXED_POINT -> WireEncoding.fixedPoint(bits);
            case ENCODING_FLOAT32 -> new WireEncoding(WireEncoding.Kind.FLOAT32, bits);
            default -> throw new IllegalArgumentException(
                    "encoding must be ENCODING_FIXED_POINT or ENCODING_FLOAT32, got " + encoding);
        };
    }

    /**
     * The expectation a {@link TensorSpec} of a task header describes.
     *
     * @throws WireFormatException when the spec is not a legal expectation
     */
    public static ExpectedTensor fromSpec(TensorSpec spec) {
        try {
            return new ExpectedTensor(spec.getName(), spec.getShapeList(),
                    fromProto(spec.getEncoding(), spec.getBits()));
        } catch (IllegalArgumentException | ArithmeticException e) {
            throw new WireFormatException(spec.getName(), "tensor_spec",
                    "tensor '" + spec.getName() + "': illegal tensor spec: " + e.getMessage(), e);
        }
    }

    /** The spec of {@code tensor}, as a task header lists it. */
    public static TensorSpec toSpec(ExpectedTensor tensor) {
        return TensorSpec.newBuilder().setName(tensor.name()).addAllShape(tensor.shape())
                .setEncoding(toProto(tensor.encoding())).setBits(tensor.encoding().bits()).build();
    }
}
