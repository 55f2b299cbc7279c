package org.fedqnn.qnn.train;

import java.util.Locale;
import org.fedqnn.qnn.FixedPointFormat;

/**
 * The precision a network trains and communicates at: the float32 baseline ("standard FL", no
 * quantization anywhere) or the paper's fixed point with {@code n} bits, 1..32.
 *
 * <p>Immutable and thread-safe.
 *
 * @param bits 0 for float32, otherwise the fixed-point width n in 1..32
 */
public record Precision(int bits) {

    /** The float32 baseline. */
    public static final Precision FLOAT32 = new Precision(0);

    public Precision {
        if (bits != 0) {
            FixedPointFormat.of(bits);
        }
    }

    /** The float32 baseline. */
    public static Precision float32() {
        return FLOAT32;
    }

    /** Fixed point with {@code n} bits. */
    public static Precision fixed(int n) {
        if (n == 0) {
            throw new IllegalArgumentException("fixed-point bits must be in 1..32, got 0");
        }
        return new Precision(n);
    }

    /**
     * Parses {@code float}, {@code float32} or a bit width {@code 1..32}.
     *
     * @throws IllegalArgumentException naming the text when it is neither
     */
    public static Precision parse(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        if (t.equals("float") || t.equals("float32") || t.equals("fp32")) {
            return FLOAT32;
        }
        try {
            return fixed(Integer.parseInt(t));
        } catch (IllegalArgumentException e) { // NumberFormatException included
            throw new IllegalArgumentException(
                    "precision must be 'float' or a bit width 1..32, got '" + text + "'", e);
        }
    }

    /** True for the float32 baseline. */
    public boolean isFloat() {
        return bits == 0;
    }

    /** The bits one value takes: n for fixed point, 32 for float32. */
    public int wireBits() {
        return isFloat() ? 32 : bits;
    }

    /**
     * The fixed-point format.
     *
     * @throws IllegalStateException for the float32 baseline, which has none
     */
    public FixedPointFormat format() {
        if (isFloat()) {
            throw new IllegalStateException("float32 has no fixed-point format");
        }
        return FixedPointFormat.of(bits);
    }

    /** {@code float32} or {@code n=8}. */
    @Override
    public String toString() {
        return isFloat() ? "float32" : "n=" + bits;
    }

    /** {@code float32} or {@code n8}, for file and folder names. */
    public String tag() {
        return isFloat() ? "float32" : "n" + bits;
    }

    /** {@code float32} or the bit width, as {@link #parse} reads it. */
    public String label() {
        return isFloat() ? "float32" : Integer.toString(bits);
    }
}
