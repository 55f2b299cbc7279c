package org.fedqnn.proto.convert;

import org.fedqnn.qnn.train.Precision;

/** Converts {@link Precision} to and from its message. Stateless and thread-safe. */
public final class PrecisionMessages {

    private PrecisionMessages() {}

    public static org.fedqnn.proto.v2.Precision toProto(Precision precision) {
        org.fedqnn.proto.v2.Precision.Builder b = org.fedqnn.proto.v2.Precision.newBuilder();
        if (precision.isFloat()) {
            b.setFloat32(org.fedqnn.proto.v2.Precision.Float32.getDefaultInstance());
        } else {
            b.setFixedPointBits(precision.bits());
        }
        return b.build();
    }

    /**
     * @param field the message field, for the error, e.g. {@code "TaskHeader.training_precision"}
     * @throws MalformedMessageException when neither kind is set or the bits are outside 1..32
     */
    public static Precision fromProto(String field, org.fedqnn.proto.v2.Precision message) {
        return switch (message.getKindCase()) {
            case FLOAT32 -> Precision.float32();
            case FIXED_POINT_BITS -> {
                int bits = message.getFixedPointBits();
                try {
                    yield Precision.fixed(bits);
                } catch (IllegalArgumentException e) {
                    throw new MalformedMessageException(field + ".fixed_point_bits", "in 1..32", bits);
                }
            }
            case KIND_NOT_SET -> throw new MalformedMessageException(field, "fixed_point_bits or float32",
                    "neither");
        };
    }
}
