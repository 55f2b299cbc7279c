package org.fedqnn.qnn;

/**
 * The counter-based random numbers of the quantizer: a 32-bit hash of (stream key, element
 * index). There is no sequential generator state, so element i gets the same draw whatever
 * the thread, chunk or vector width that processes it; the scalar and vector paths agree bit
 * for bit.
 *
 * <p>The mix is Wellons' "lowbias32" finaliser over {@code (index ^ keyHi) * 0x9E3779B9 + keyLo}.
 * Thread-safe (stateless).
 */
public final class CounterHash {

    /** Golden-ratio increment that spreads consecutive indices over the 32-bit ring. */
    static final int GOLDEN = 0x9E3779B9;
    static final int MUL1 = 0x7feb352d;
    static final int MUL2 = 0x846ca68b;
    /** 2^-24: a 24-bit integer times this is a float in [0, 1), exactly. */
    static final float UNIT = 0x1.0p-24f;

    private CounterHash() {}

    /** The 32 random bits of element {@code index} in the stream {@code key}. */
    public static int bits(long key, int index) {
        int x = (index ^ keyHi(key)) * GOLDEN + keyLo(key);
        x ^= x >>> 16;
        x *= MUL1;
        x ^= x >>> 15;
        x *= MUL2;
        x ^= x >>> 16;
        return x;
    }

    /** A uniform float in [0, 1) with 24 random bits for element {@code index} of stream {@code key}. */
    public static float uniform(long key, int index) {
        return (bits(key, index) >>> 8) * UNIT;
    }

    /**
     * The probability that {@link #uniform} is below {@code x}, over its 2^24 equally likely
     * values k 2^-24: ceil(x 2^24) / 2^24 for x in [0, 1] (0 below, 1 above). It equals x for every
     * x on the 2^-24 grid and exceeds it by less than 2^-24 otherwise.
     */
    public static double probabilityBelow(float x) {
        if (!(x > 0)) {
            return 0;
        }
        if (x >= 1) {
            return 1;
        }
        return Math.ceil(x * 0x1.0p24) * 0x1.0p-24; // exact: x has 24 bits, scaling by 2^24 is exact
    }

    static int keyLo(long key) {
        return (int) key;
    }

    static int keyHi(long key) {
        return (int) (key >>> 32);
    }
}
