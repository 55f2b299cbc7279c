package org.fedqnn.qnn;

/**
 * The n-bit fixed-point format of the Kim et al. paper, section II.A: one integer (sign) bit
 * and n-1 fractional bits. The step is kappa = 2^(1-n) and the representable values are
 * c * kappa for the signed n-bit integer codes c in [-2^(n-1), 2^(n-1) - 1], that is the range
 * [-1, 1 - kappa].
 *
 * <p>At n = 1 there are no fractional bits: kappa = 1 and the only values are -1 and 0 (codes
 * -1 and 0). This is the paper's definition taken literally, not a sign binarisation to
 * {-1, +1}: stochastic rounding of w in [-1, 0] gives -1 with probability -w and 0 otherwise,
 * and any positive value saturates to 0.
 *
 * <p>Immutable and thread-safe.
 *
 * @param bits the precision n, 1..32
 */
public record FixedPointFormat(int bits) {

    /** The smallest legal precision. */
    public static final int MIN_BITS = 1;
    /** The largest legal precision (the paper's n_max). */
    public static final int MAX_BITS = 32;

    public FixedPointFormat {
        if (!isLegal(bits)) {
            throw new IllegalArgumentException(
                    "fixed-point bits must be in " + MIN_BITS + ".." + MAX_BITS + ", got " + bits);
        }
    }

    /** True when {@code bits} is a legal precision n, 1..32: the one place that range is checked. */
    public static boolean isLegal(int bits) {
        return bits >= MIN_BITS && bits <= MAX_BITS;
    }

    /** The format of n bits; the same as {@code new FixedPointFormat(bits)}. */
    public static FixedPointFormat of(int bits) {
        return new FixedPointFormat(bits);
    }

    /** The step kappa = 2^(1-n), the smallest positive value. */
    public double kappa() {
        return Math.scalb(1.0, 1 - bits);
    }

    /** 1 / kappa = 2^(n-1): multiplying a value by it gives its position on the code grid. */
    public double scale() {
        return Math.scalb(1.0, bits - 1);
    }

    /** The smallest code, -2^(n-1). */
    public int minCode() {
        return (int) -(1L << (bits - 1));
    }

    /** The largest code, 2^(n-1) - 1. */
    public int maxCode() {
        return (int) ((1L << (bits - 1)) - 1);
    }

    /** The smallest value, -1. */
    public double minValue() {
        return -1.0;
    }

    /** The largest value, 1 - kappa. */
    public double maxValue() {
        return 1.0 - kappa();
    }

    /** The value of a code: c * kappa. */
    public double value(int code) {
        return code * kappa();
    }

    /** True when {@code v} is exactly a representable value of this format. */
    public boolean isOnGrid(double v) {
        double c = v * scale();
        return c == Math.rint(c) && c >= minCode() && c <= maxCode();
    }

    /** Bytes that {@code length} packed codes of this format take: ceil(length * n / 8). */
    public long packedBytes(long length) {
        return BitPacker.packedBytes(length, bits);
    }
}
