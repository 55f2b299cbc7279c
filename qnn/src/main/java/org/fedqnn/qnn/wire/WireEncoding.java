package org.fedqnn.qnn.wire;

import java.util.Objects;
import org.fedqnn.qnn.BitPacker;
import org.fedqnn.qnn.FixedPointFormat;

/**
 * How one tensor's values cross the wire: n-bit fixed-point codes packed in the
 * {@link BitPacker} layout, or little-endian float32. A domain type: the round logic picks
 * widths with it, and the proto module converts it to and from the contract's messages.
 * Immutable and thread-safe.
 *
 * @param kind fixed-point codes or float32
 * @param bits bits per element: 1..32 for fixed point, exactly 32 for float32
 */
public record WireEncoding(Kind kind, int bits) {

    /** The two encodings. */
    public enum Kind {
        /** n-bit fixed-point codes, eq. (4). */
        FIXED_POINT,
        /** IEEE float32, the baseline's and the float layers'. */
        FLOAT32
    }

    public WireEncoding {
        Objects.requireNonNull(kind, "WireEncoding.kind");
        switch (kind) {
            case FIXED_POINT -> {
                if (!FixedPointFormat.isLegal(bits)) {
                    throw new IllegalArgumentException("WireEncoding.bits must be in 1..32 for " + kind + ", got "
                            + bits);
                }
            }
            case FLOAT32 -> {
                if (bits != 32) {
                    throw new IllegalArgumentException("WireEncoding.bits must be 32 for " + kind + ", got " + bits);
                }
            }
        }
    }

    /** n-bit fixed-point codes, n in 1..32. */
    public static WireEncoding fixedPoint(int bits) {
        return new WireEncoding(Kind.FIXED_POINT, bits);
    }

    /** The float baseline. */
    public static WireEncoding float32() {
        return new WireEncoding(Kind.FLOAT32, 32);
    }

    /** True for {@link Kind#FIXED_POINT}. */
    public boolean isFixedPoint() {
        return kind == Kind.FIXED_POINT;
    }

    /** Bytes {@code count} elements take: ceil(count * bits / 8), which is 4 * count for float32. */
    public long payloadBytes(long count) {
        return BitPacker.packedBytes(count, bits);
    }
}
