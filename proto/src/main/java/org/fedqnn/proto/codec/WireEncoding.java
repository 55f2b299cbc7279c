package org.fedqnn.proto.codec;

import org.fedqnn.proto.v2.Encoding;
import org.fedqnn.qnn.FixedPointFormat;

/**
 * How one tensor's values cross the wire: n-bit fixed-point codes packed in the
 * {@link org.fedqnn.qnn.BitPacker} layout, or little-endian float32. Immutable and thread-safe.
 *
 * @param encoding {@link Encoding#ENCODING_FIXED_POINT} or {@link Encoding#ENCODING_FLOAT32}
 * @param bits     bits per element: 1..32 for fixed point, exactly 32 for float32
 */
public record WireEncoding(Encoding encoding, int bits) {

    public WireEncoding {
        if (encoding == null) {
            throw new NullPointerException("WireEncoding.encoding must not be null");
        }
        switch (encoding) {
            case ENCODING_FIXED_POINT -> {
                if (!FixedPointFormat.isLegal(bits)) {
                    throw new IllegalArgumentException("WireEncoding.bits must be in 1..32 for "
                            + encoding + ", got " + bits);
                }
            }
            case ENCODING_FLOAT32 -> {
                if (bits != 32) {
                    throw new IllegalArgumentException("WireEncoding.bits must be 32 for " + encoding + ", got " + bits);
                }
            }
            default -> throw new IllegalArgumentException(
                    "WireEncoding.encoding must be ENCODING_FIXED_POINT or ENCODING_FLOAT32, got " + encoding);
        }
    }

    /** n-bit fixed-point codes, n in 1..32. */
    public static WireEncoding fixedPoint(int bits) {
        return new WireEncoding(Encoding.ENCODING_FIXED_POINT, bits);
    }

    /** The float baseline. */
    public static WireEncoding float32() {
        return new WireEncoding(Encoding.ENCODING_FLOAT32, 32);
    }

    /** True for {@link Encoding#ENCODING_FIXED_POINT}. */
    public boolean isFixedPoint() {
        return encoding == Encoding.ENCODING_FIXED_POINT;
    }

    /** Bytes {@code count} elements take: ceil(count * bits / 8), which is 4 * count for float32. */
    public long payloadBytes(long count) {
        return org.fedqnn.qnn.BitPacker.packedBytes(count, bits);
    }
}
