package org.fedqnn.qnn;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The fast path of the quantizer on the Vector API ({@code jdk.incubator.vector}): the same
 * arithmetic as {@link ScalarKernels}, eight lanes at a time, producing bit for bit the same
 * codes and the same packed layout of {@link BitPacker} (whose blocks interleave eight 32-bit
 * lanes, so packing needs no cross-lane shuffle). Always 256-bit vectors, whatever the
 * machine prefers, so the work per lane is the layout's. Tails shorter than a block go
 * through the scalar reference. Thread-safe (stateless).
 *
 * <p>Loading this class needs {@code --add-modules jdk.incubator.vector}; {@link Quantizer}
 * falls back to the scalar path when the module is absent.
 */
final class VectorKernels {

    private static final VectorSpecies<Float> F = FloatVector.SPECIES_256;
    private static final VectorSpecies<Integer> I = IntVector.SPECIES_256;
    private static final IntVector IOTA = IntVector.fromArray(I, new int[] {0, 1, 2, 3, 4, 5, 6, 7}, 0);
    private static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;
    private static final int BLOCK = BitPacker.BLOCK_ELEMENTS;

    private VectorKernels() {}

    /** True when the vectors are the eight lanes the layout is built on. */
    static boolean usable() {
        return F.length() == BitPacker.LANES && I.length() == BitPacker.LANES;
    }

    /** 1.5 * 2^23: adding it rounds a float of magnitude at most 2^22 to an integer. */
    private static final float MAGIC = 0x1.8p23f;
    private static final int MAGIC_BITS = Float.floatToRawIntBits(MAGIC);
    /** The largest precision whose scaled values the rounding trick covers (|c| <= 2^22). */
    static final int MAX_FAST_BITS = 23;

    /**
     * Codes of the eight values {@code w} at element indices {@code index .. index+7}, for
     * n <= {@value #MAX_FAST_BITS}. floor(c) comes from the rounding trick (c + 1.5 * 2^23 rounds
     * c to an integer whose value sits in the low mantissa bits) and a correction where the
     * rounding went up: the float-to-int conversion is not a C2 intrinsic on JDK 17, the trick
     * is, and both give exactly floor(c) for |c| <= 2^22. NaN lanes give garbage codes; callers
     * check for NaN once per block.
     */
    private static IntVector codes(FloatVector w, int index, float scale, boolean stochastic, int keyLo,
                                   int keyHi, int minCode, int maxCode) {
        FloatVector c = w.max(-1f).min(1f).mul(scale);
        FloatVector shifted = c.add(MAGIC);
        IntVector t = shifted.reinterpretAsInts().sub(MAGIC_BITS);
        FloatVector tf = shifted.sub(MAGIC);
        VectorMask<Float> above = tf.compare(VectorOperators.GT, c);
        t = t.sub(1, above.cast(I));
        tf = tf.sub(1f, above);
        FloatVector frac = c.sub(tf);
        VectorMask<Float> up;
        if (stochastic) {
            IntVector x = IOTA.add(index).lanewise(VectorOperators.XOR, keyHi).mul(CounterHash.GOLDEN).add(keyLo);
            x = x.lanewise(VectorOperators.XOR, x.lanewise(VectorOperators.LSHR, 16)).mul(CounterHash.MUL1);
            x = x.lanewise(VectorOperators.XOR, x.lanewise(VectorOperators.LSHR, 15)).mul(CounterHash.MUL2);
            x = x.lanewise(VectorOperators.XOR, x.lanewise(VectorOperators.LSHR, 16));
            FloatVector u = ((FloatVector) x.lanewise(VectorOperators.LSHR, 8).convert(VectorOperators.I2F, 0))
                    .mul(CounterHash.UNIT);
            up = u.compare(VectorOperators.LT, frac);
        } else {
            up = frac.compare(VectorOperators.GE, 0.5f);
        }
        return t.add(1, up.cast(I)).max(minCode).min(maxCode);
    }

    private static void checkFast(FixedPointFormat format) {
        if (format.bits() > MAX_FAST_BITS) {
            throw new IllegalArgumentException("vector quantizing covers 1.." + MAX_FAST_BITS + " bits, got "
                    + format.bits());
        }
    }

    /** NaN in any lane of the clamped values turns a lane of the probe NaN (Inf clamps to +-1 first). */
    private static FloatVector nanProbe(FloatVector probe, FloatVector w) {
        return probe.add(w.max(-1f).min(1f).mul(0f));
    }

    /** Throws for the first NaN of {@code src[offset + from .. offset + to)}, indices from {@code from}. */
    private static void refuseNaN(FloatVector probe, float[] src, int offset, int from, int to) {
        if (probe.test(VectorOperators.IS_NAN).anyTrue()) {
            for (int i = from; i < to; i++) {
                if (Float.isNaN(src[offset + i])) {
                    throw new IllegalArgumentException("cannot quantize NaN at index " + i);
                }
            }
        }
    }

    static byte[] quantizeAndPack(float[] src, int offset, int length, FixedPointFormat format, Rounding rounding,
                                  long key) {
        checkFast(format);
        int bits = format.bits();
        byte[] out = new byte[BitPacker.packedBytesInt(length, bits)];
        float scale = (float) format.scale();
        boolean stochastic = rounding == Rounding.STOCHASTIC;
        int keyLo = CounterHash.keyLo(key);
        int keyHi = CounterHash.keyHi(key);
        int minCode = format.minCode();
        int maxCode = format.maxCode();
        int mask = (int) ((1L << bits) - 1);
        IntVector zero = IntVector.zero(I);
        int blocks = length / BLOCK;
        for (int b = 0; b < blocks; b++) {
            int base = b * BLOCK;
            int byteOffset = b * 32 * bits;
            IntVector acc = zero;
            FloatVector probe = FloatVector.zero(F);
            int shift = 0;
            int word = 0;
            for (int j = 0; j < BitPacker.CODES_PER_LANE; j++) {
                int index = base + BitPacker.LANES * j;
                FloatVector w = FloatVector.fromArray(F, src, offset + index);
                probe = nanProbe(probe, w);
                IntVector m = codes(w, index, scale, stochastic, keyLo, keyHi, minCode, maxCode).and(mask);
                acc = acc.or(m.lanewise(VectorOperators.LSHL, shift));
                shift += bits;
                if (shift >= 32) {
                    acc.intoByteArray(out, byteOffset + 32 * word, LE);
                    word++;
                    shift -= 32;
                    acc = shift > 0 ? m.lanewise(VectorOperators.LSHR, bits - shift) : zero;
                }
            }
            refuseNaN(probe, src, offset, base, base + BLOCK);
        }
        int done = blocks * BLOCK;
        int tail = length - done;
        int[] codes = new int[tail];
        for (int i = 0; i < tail; i++) {
            codes[i] = ScalarKernels.code(src[offset + done + i], format, rounding, key, done + i);
        }
        BitPacker.packTail(codes, 0, tail, bits, out, blocks * 32 * bits);
        return out;
    }

    static void unpackAndDequantize(byte[] packed, FixedPointFormat format, float[] dst, int offset, int length) {
        int bits = format.bits();
        BitPacker.checkLength(packed.length, length, bits);
        float kappa = (float) format.kappa();
        int signShift = 32 - bits;
        int blocks = length / BLOCK;
        for (int b = 0; b < blocks; b++) {
            int base = offset + b * BLOCK;
            int byteOffset = b * 32 * bits;
            for (int j = 0; j < BitPacker.CODES_PER_LANE; j++) {
                int bit = j * bits;
                int word = bit >>> 5;
                int shift = bit & 31;
                IntVector v = IntVector.fromByteArray(I, packed, byteOffset + 32 * word, LE)
                        .lanewise(VectorOperators.LSHR, shift);
                if (shift + bits > 32) {
                    v = v.or(IntVector.fromByteArray(I, packed, byteOffset + 32 * (word + 1), LE)
                            .lanewise(VectorOperators.LSHL, 32 - shift));
                }
                v = v.lanewise(VectorOperators.LSHL, signShift).lanewise(VectorOperators.ASHR, signShift);
                ((FloatVector) v.convert(VectorOperators.I2F, 0)).mul(kappa)
                        .intoArray(dst, base + BitPacker.LANES * j);
            }
        }
        int done = blocks * BLOCK;
        int tail = length - done;
        int[] codes = new int[tail];
        BitPacker.unpackTail(packed, blocks * 32 * bits, tail, bits, codes, 0);
        for (int i = 0; i < tail; i++) {
            dst[offset + done + i] = codes[i] * kappa;
        }
    }

    static void quantize(float[] src, int srcOffset, float[] dst, int dstOffset, int length,
                         FixedPointFormat format, Rounding rounding, long key) {
        checkFast(format);
        float scale = (float) format.scale();
        float kappa = (float) format.kappa();
        boolean stochastic = rounding == Rounding.STOCHASTIC;
        int keyLo = CounterHash.keyLo(key);
        int keyHi = CounterHash.keyHi(key);
        int bound = F.loopBound(length);
        int i = 0;
        // Checked before anything is written: src and dst may be the same array.
        FloatVector probe = FloatVector.zero(F);
        for (int j = 0; j < bound; j += F.length()) {
            probe = nanProbe(probe, FloatVector.fromArray(F, src, srcOffset + j));
        }
        refuseNaN(probe, src, srcOffset, 0, bound);
        for (; i < bound; i += F.length()) {
            FloatVector w = FloatVector.fromArray(F, src, srcOffset + i);
            IntVector c = codes(w, i, scale, stochastic, keyLo, keyHi, format.minCode(), format.maxCode());
            ((FloatVector) c.convert(VectorOperators.I2F, 0)).mul(kappa).intoArray(dst, dstOffset + i);
        }
        for (; i < length; i++) {
            dst[dstOffset + i] = ScalarKernels.code(src[srcOffset + i], format, rounding, key, i) * kappa;
        }
    }

    /**
     * The codes of {@code min(max(x, low), high)} rounded to nearest (halves up), one byte each, for
     * {@code count} native-order floats of {@code src} from {@code byteOffset} into {@code dst} from 0;
     * n <= 8. NaN is refused with its index (after codes may have been written: dst is scratch).
     */
    static void clippedCodes(ByteBuffer src, int byteOffset, int count, FixedPointFormat format, float low,
                             float high, ByteBuffer dst) {
        ByteOrder order = ByteOrder.nativeOrder();
        src = src.duplicate().order(order);
        float scale = (float) format.scale();
        int minCode = format.minCode();
        int maxCode = format.maxCode();
        int bound = F.loopBound(count);
        FloatVector probe = FloatVector.zero(F);
        int i = 0;
        for (; i < bound; i += F.length()) {
            FloatVector w = FloatVector.fromByteBuffer(F, src, byteOffset + 4 * i, order);
            probe = nanProbe(probe, w);
            IntVector c = codes(w.max(low).min(high), i, scale, false, 0, 0, minCode, maxCode);
            ((ByteVector) c.convertShape(VectorOperators.I2B, ByteVector.SPECIES_64, 0)).intoByteBuffer(dst, i, order);
        }
        boolean nan = probe.test(VectorOperators.IS_NAN).anyTrue();
        for (int j = nan ? 0 : bound; j < count; j++) {
            float v = src.getFloat(byteOffset + 4 * j);
            if (j >= bound || Float.isNaN(v)) {
                dst.put(j, (byte) ScalarKernels.code(Math.min(Math.max(v, low), high), format, Rounding.NEAREST, 0L, j));
            }
        }
    }

    /** In place over {@code count} native-order floats of a buffer starting at {@code byteOffset}. */
    static void quantizeInPlace(ByteBuffer buf, int byteOffset, int count, FixedPointFormat format,
                                Rounding rounding, long key) {
        checkFast(format);
        ByteOrder order = ByteOrder.nativeOrder();
        buf = buf.duplicate().order(order);
        float scale = (float) format.scale();
        float kappa = (float) format.kappa();
        boolean stochastic = rounding == Rounding.STOCHASTIC;
        int keyLo = CounterHash.keyLo(key);
        int keyHi = CounterHash.keyHi(key);
        int bound = F.loopBound(count);
        int i = 0;
        // Checked before anything is written, tail included: the buffer is quantized in place.
        FloatVector probe = FloatVector.zero(F);
        for (int j = 0; j < bound; j += F.length()) {
            probe = nanProbe(probe, FloatVector.fromByteBuffer(F, buf, byteOffset + 4 * j, order));
        }
        boolean nan = probe.test(VectorOperators.IS_NAN).anyTrue();
        for (int j = 0; j < count; j++) {
            if ((nan || j >= bound) && Float.isNaN(buf.getFloat(byteOffset + 4 * j))) {
                throw new IllegalArgumentException("cannot quantize NaN at index " + j);
            }
        }
        i = 0;
        for (; i < bound; i += F.length()) {
            int at = byteOffset + 4 * i;
            FloatVector w = FloatVector.fromByteBuffer(F, buf, at, order);
            IntVector c = codes(w, i, scale, stochastic, keyLo, keyHi, format.minCode(), format.maxCode());
            ((FloatVector) c.convert(VectorOperators.I2F, 0)).mul(kappa).intoByteBuffer(buf, at, order);
        }
        for (; i < count; i++) {
            int at = byteOffset + 4 * i;
            buf.putFloat(at, ScalarKernels.code(buf.getFloat(at), format, rounding, key, i) * kappa);
        }
    }
}
