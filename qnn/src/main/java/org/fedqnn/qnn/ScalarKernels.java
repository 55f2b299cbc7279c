package org.fedqnn.qnn;

import java.nio.FloatBuffer;

/**
 * Scalar reference of the quantizer's arithmetic, eq. (4) of the Kim et al. paper, element by
 * element. The vector kernels must give exactly these codes; tests hold them to it.
 *
 * <p>For element i of value w: clamp w to [-1, 1] (saturation), c = w * 2^(n-1),
 * f = floor(c), frac = c - f, then round up with probability frac (stochastic: when the
 * element's uniform draw u from {@link CounterHash} is below frac) or when frac >= 1/2
 * (nearest), and clamp the code to [-2^(n-1), 2^(n-1) - 1]. All in float arithmetic, so the
 * results are the same on every machine. NaN is refused. Thread-safe (stateless).
 */
public final class ScalarKernels {

    private ScalarKernels() {}

    /** The code of one value; {@code index} is the element's position in its tensor. */
    public static int code(float w, FixedPointFormat format, Rounding rounding, long key, int index) {
        if (w != w) {
            throw new IllegalArgumentException("cannot quantize NaN at index " + index);
        }
        float c = Math.min(Math.max(w, -1f), 1f) * (float) format.scale();
        int t = floor(c);
        float frac = c - t;
        int up;
        if (rounding == Rounding.STOCHASTIC) {
            up = CounterHash.uniform(key, index) < frac ? 1 : 0;
        } else {
            up = frac >= 0.5f ? 1 : 0;
        }
        return Math.min(Math.max(t + up, format.minCode()), format.maxCode());
    }

    /**
     * E[(Q(w) - w)^2 | w], the expected squared error of quantizing one value, over the
     * stochastic draw alone (no draw is made): with the code's floor t and fraction f as
     * {@link #code} computes them, Q(w) is the value of t or of t + 1 (each clamped to the codes)
     * with probability 1 - p and p, p = P(draw &lt; f) ({@link CounterHash#probabilityBelow}), so
     * E = (1 - p) (kappa t' - w)^2 + p (kappa (t+1)' - w)^2. Inside [-1, 1 - kappa] that is
     * kappa^2 (f^2 + p (1 - 2 f)), which is kappa^2 f (1 - f) of eq. (18) to within kappa^2 2^-24;
     * a value outside saturates and contributes its clipping error squared, (w - Q(w))^2. Rounding to
     * nearest gives the squared error itself. In double from the exact float arithmetic of
     * {@link #code}; an infinite value gives infinity.
     *
     * @throws IllegalArgumentException for NaN, naming {@code index}
     */
    public static double expectedSquaredError(float w, FixedPointFormat format, Rounding rounding, int index) {
        return expectedSquaredError(w, (float) format.scale(), format.kappa(), format.minCode(), format.maxCode(),
                rounding == Rounding.STOCHASTIC, index);
    }

    /** {@link #expectedSquaredError(float, FixedPointFormat, Rounding, int)} with the format's figures given. */
    static double expectedSquaredError(float w, float scale, double kappa, long minCode, long maxCode,
                                       boolean stochastic, int index) {
        if (w != w) {
            throw new IllegalArgumentException("cannot quantize NaN at index " + index);
        }
        float c = Math.min(Math.max(w, -1f), 1f) * scale;
        long t = floor(c);
        float frac = c - t;
        double p = stochastic ? CounterHash.probabilityBelow(frac) : frac >= 0.5f ? 1 : 0;
        double down = Math.min(Math.max(t, minCode), maxCode) * kappa - w;
        double up = Math.min(Math.max(t + 1, minCode), maxCode) * kappa - w;
        return (p == 1 ? 0 : (1 - p) * down * down) + (p == 0 ? 0 : p * up * up);
    }

    /**
     * The floor of a scaled value c in [-2^31, 2^31] as the code's lower neighbour: (int) c
     * truncates towards zero, so one less for a negative c with a fraction. A c with a fraction
     * is below 2^23 in magnitude, where float holds every integer, so c - floor(c) in float is
     * the exact fraction.
     */
    private static int floor(float c) {
        int t = (int) c;
        return t > c ? t - 1 : t;
    }

    /** Codes of {@code src[offset .. offset+length)}, element indices counted from {@code offset}. */
    public static void codes(float[] src, int offset, int length, FixedPointFormat format, Rounding rounding,
                             long key, int[] out) {
        for (int i = 0; i < length; i++) {
            out[i] = code(src[offset + i], format, rounding, key, i);
        }
    }

    /** Quantize and pack {@code src[offset .. offset+length)} in the layout of {@link BitPacker}. */
    public static byte[] quantizeAndPack(float[] src, int offset, int length, FixedPointFormat format,
                                         Rounding rounding, long key) {
        int[] codes = new int[length];
        codes(src, offset, length, format, rounding, key, codes);
        return BitPacker.pack(codes, length, format.bits());
    }

    /** Unpack {@code length} codes and write their values into {@code dst[offset ..)}. */
    public static void unpackAndDequantize(byte[] packed, FixedPointFormat format, float[] dst, int offset,
                                           int length) {
        int[] codes = new int[length];
        BitPacker.unpack(packed, length, format.bits(), codes);
        float kappa = (float) format.kappa();
        for (int i = 0; i < length; i++) {
            dst[offset + i] = codes[i] * kappa;
        }
    }

    /** {@code dst[i] = Q(src[i])} for {@code length} elements from the given offsets. */
    public static void quantize(float[] src, int srcOffset, float[] dst, int dstOffset, int length,
                                FixedPointFormat format, Rounding rounding, long key) {
        for (int i = 0; i < length; i++) {
            if (Float.isNaN(src[srcOffset + i])) {
                // Refused before anything is written: src and dst may be the same array.
                throw new IllegalArgumentException("cannot quantize NaN at index " + i);
            }
        }
        float kappa = (float) format.kappa();
        for (int i = 0; i < length; i++) {
            dst[dstOffset + i] = code(src[srcOffset + i], format, rounding, key, i) * kappa;
        }
    }

    /** {@code buf[i] = Q(buf[i])} in place for all remaining elements of the buffer. */
    public static void quantizeInPlace(FloatBuffer buf, FixedPointFormat format, Rounding rounding, long key) {
        float kappa = (float) format.kappa();
        int base = buf.position();
        int length = buf.remaining();
        for (int i = 0; i < length; i++) {
            if (Float.isNaN(buf.get(base + i))) {
                throw new IllegalArgumentException("cannot quantize NaN at index " + i);
            }
        }
        for (int i = 0; i < length; i++) {
            buf.put(base + i, code(buf.get(base + i), format, rounding, key, i) * kappa);
        }
    }
}
