package org.fedqnn.qnn;

import java.nio.ByteBuffer;
import java.util.Objects;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.shape.Shape;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The quantizer Q of eq. (4) of the Kim et al. paper at one fixed-point format: quantizes
 * weights in place (w^Q = Q(w)), quantizes model deltas and packs them n bits per value for
 * the uplink, and unpacks and dequantizes them on the other side.
 *
 * <p>Randomness: the draw for element i of a tensor is a hash of (stream key, i), see
 * {@link CounterHash}; the key comes from {@link StreamKey#derive} with the run seed, round,
 * device and layer. So the result depends only on the values, the format and the key, never
 * on threads, chunking or the vector width.
 *
 * <p>Runs on the Vector API when the JVM has {@code --add-modules jdk.incubator.vector} and
 * the system property {@code fedqnn.vector} is not {@code false} (quantizing above 23 bits
 * always runs on the scalar reference); otherwise on the scalar reference, with identical
 * results. Immutable and thread-safe.
 */
public final class Quantizer {

    private static final Logger LOG = LoggerFactory.getLogger(Quantizer.class);
    private static final boolean VECTOR = vectorAvailable();

    private final FixedPointFormat format;
    private final Rounding rounding;

    public Quantizer(FixedPointFormat format, Rounding rounding) {
        this.format = Objects.requireNonNull(format, "format");
        this.rounding = Objects.requireNonNull(rounding, "rounding");
    }

    /** The paper's quantizer: stochastic rounding at {@code bits} bits. */
    public static Quantizer stochastic(int bits) {
        return new Quantizer(FixedPointFormat.of(bits), Rounding.STOCHASTIC);
    }

    public FixedPointFormat format() {
        return format;
    }

    public Rounding rounding() {
        return rounding;
    }

    /** Whether this JVM runs the vector kernels (false: the scalar reference). */
    public static boolean vectorized() {
        return VECTOR;
    }

    /** Quantizes and packs all of {@code src}: ceil(length * n / 8) bytes. */
    public byte[] quantizeAndPack(float[] src, long key) {
        return quantizeAndPack(src, 0, src.length, key);
    }

    /** Quantizes and packs {@code src[offset .. offset+length)}; element indices count from offset. */
    public byte[] quantizeAndPack(float[] src, int offset, int length, long key) {
        Objects.checkFromIndexSize(offset, length, src.length);
        return fast()
                ? VectorKernels.quantizeAndPack(src, offset, length, format, rounding, key)
                : ScalarKernels.quantizeAndPack(src, offset, length, format, rounding, key);
    }

    /**
     * The variance quantizing {@code src[offset .. offset+length)} adds, given the values: the sum
     * of E[(Q(x) - x)^2 | x] over them ({@link ScalarKernels#expectedSquaredError}), kappa^2 f (1 - f)
     * per value inside the range and the clipping error squared outside, summed in double. It draws
     * nothing: it is the expectation over the draws {@link #quantizeAndPack} would make, whatever
     * the key. Infinite when a value is.
     *
     * @throws IllegalArgumentException for NaN, naming its index counted from {@code offset}
     */
    public double expectedSquaredError(float[] src, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, src.length);
        float scale = (float) format.scale();
        double kappa = format.kappa();
        boolean stochastic = rounding == Rounding.STOCHASTIC;
        double sum = 0;
        for (int i = 0; i < length; i++) {
            sum += ScalarKernels.expectedSquaredError(src[offset + i], scale, kappa, format.minCode(),
                    format.maxCode(), stochastic, i);
        }
        return sum;
    }

    /** Unpacks {@code dst.length} values; refuses a buffer that is not exactly their packed size. */
    public void unpackAndDequantize(byte[] packed, float[] dst) {
        unpackAndDequantize(packed, dst, 0, dst.length);
    }

    /** Unpacks {@code length} values into {@code dst[offset ..)}. */
    public void unpackAndDequantize(byte[] packed, float[] dst, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, dst.length);
        if (VECTOR) {
            VectorKernels.unpackAndDequantize(packed, format, dst, offset, length);
        } else {
            ScalarKernels.unpackAndDequantize(packed, format, dst, offset, length);
        }
    }

    /** {@code w[i] = Q(w[i])} for every element. */
    public void quantizeInPlace(float[] w, long key) {
        quantize(w, w, key);
    }

    /** {@code dst[i] = Q(src[i])}; the arrays may be the same. */
    public void quantize(float[] src, float[] dst, long key) {
        if (dst.length < src.length) {
            throw new IllegalArgumentException("destination holds " + dst.length + " values, need " + src.length);
        }
        if (fast()) {
            VectorKernels.quantize(src, 0, dst, 0, src.length, format, rounding, key);
        } else {
            ScalarKernels.quantize(src, 0, dst, 0, src.length, format, rounding, key);
        }
    }

    /**
     * {@code w = Q(w)} in place on a float32 ND4J array. An array contiguous in its buffer is
     * quantized where it lies, with element indices in memory order; any other view is copied
     * in C order, quantized and assigned back.
     */
    public void quantizeInPlace(INDArray w, long key) {
        if (w.dataType() != DataType.FLOAT) {
            throw new IllegalArgumentException("quantizeInPlace needs a FLOAT array, got " + w.dataType());
        }
        long n = w.length();
        if (n > Integer.MAX_VALUE / 4) {
            throw new IllegalArgumentException("array of " + n + " elements is too large to quantize in one piece");
        }
        if (n == 0) {
            return;
        }
        if (!Shape.isContiguousInBuffer(w)) {
            INDArray copy = w.dup('c');
            quantizeInPlace(copy, key);
            w.assign(copy);
            return;
        }
        ByteBuffer buf = w.data().asNio();
        int byteOffset = Math.toIntExact(Math.multiplyExact(w.offset(), 4L));
        if (fast()) {
            VectorKernels.quantizeInPlace(buf, byteOffset, (int) n, format, rounding, key);
        } else {
            ScalarKernels.quantizeInPlace(buf.duplicate().order(java.nio.ByteOrder.nativeOrder()).asFloatBuffer()
                    .position((int) w.offset()).slice(), format, rounding, key);
        }
    }

    /**
     * The codes of a clipped activation, {@code Q(min(max(x, low), high))} for a FLOAT array
     * contiguous in its buffer, one byte each into {@code out} from index 0 in memory order: what
     * {@link #quantizeInPlace(INDArray, long)} gives after the clip, divided by kappa. For n &lt;= 8
     * rounding to nearest.
     */
    public void clippedCodes(INDArray x, float low, float high, ByteBuffer out) {
        if (rounding != Rounding.NEAREST || format.bits() > 8) {
            throw new IllegalArgumentException("byte codes need n <= 8 rounding to nearest, got n = "
                    + format.bits() + ", " + rounding);
        }
        if (x.dataType() != DataType.FLOAT || !Shape.isContiguousInBuffer(x)) {
            throw new IllegalArgumentException("clippedCodes needs a contiguous FLOAT array, got " + x.dataType());
        }
        int n = Math.toIntExact(x.length());
        if (out.capacity() < n) {
            throw new IllegalArgumentException("code buffer holds " + out.capacity() + " bytes, need " + n);
        }
        ByteBuffer buf = x.data().asNio();
        int byteOffset = Math.toIntExact(Math.multiplyExact(x.offset(), 4L));
        if (fast()) {
            VectorKernels.clippedCodes(buf, byteOffset, n, format, low, high, out);
        } else {
            java.nio.FloatBuffer fb = buf.duplicate().order(java.nio.ByteOrder.nativeOrder()).asFloatBuffer();
            for (int i = 0; i < n; i++) {
                float v = fb.get((int) x.offset() + i);
                out.put(i, (byte) ScalarKernels.code(Math.min(Math.max(v, low), high), format, rounding, 0L, i));
            }
        }
    }

    /** Quantizing runs on vectors up to 23 bits; above, the scalar reference does it. */
    private boolean fast() {
        return VECTOR && format.bits() <= VectorKernels.MAX_FAST_BITS;
    }

    /**
     * True when the vector kernels load and agree with the scalar reference on a probe: a JVM
     * without the incubator module, or one whose Vector API lacks a method the kernels call
     * (it changed after Java 17), runs on the scalar path instead of failing later.
     */
    private static boolean vectorAvailable() {
        if ("false".equalsIgnoreCase(System.getProperty("fedqnn.vector"))) {
            return false;
        }
        try {
            if (!VectorKernels.usable()) {
                return false;
            }
            float[] probe = new float[BitPacker.BLOCK_ELEMENTS + 5];
            for (int i = 0; i < probe.length; i++) {
                probe[i] = (i % 17 - 8) / 9f;
            }
            FixedPointFormat f = FixedPointFormat.of(5);
            byte[] vector = VectorKernels.quantizeAndPack(probe, 0, probe.length, f, Rounding.STOCHASTIC, 1);
            byte[] scalar = ScalarKernels.quantizeAndPack(probe, 0, probe.length, f, Rounding.STOCHASTIC, 1);
            float[] back = new float[probe.length];
            VectorKernels.unpackAndDequantize(vector, f, back, 0, back.length);
            float[] expected = new float[probe.length];
            ScalarKernels.unpackAndDequantize(scalar, f, expected, 0, expected.length);
            if (!java.util.Arrays.equals(vector, scalar) || !java.util.Arrays.equals(back, expected)) {
                LOG.warn("Vector API kernels disagree with the scalar reference; quantizer runs on the scalar path");
                return false;
            }
            return true;
        } catch (LinkageError e) {
            LOG.info("Vector API unavailable ({}); quantizer runs on the scalar path", e.toString());
            return false;
        }
    }
}
