package org.fedqnn.qnn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class QuantizerTest {

    static final int[] LENGTHS = {0, 1, 7, 8, 9, 63, 64, 65, 255, 256, 257, 777, 4096 + 13};

    static float[] values(int length, long seed, float spread) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] v = new float[length];
        for (int i = 0; i < length; i++) {
            v[i] = (float) ((r.nextDouble() * 2 - 1) * spread);
        }
        return v;
    }

    @Test
    void testsRunTheVectorPath() {
        assertTrue(Quantizer.vectorized(), "surefire must pass --add-modules jdk.incubator.vector");
    }

    @ParameterizedTest
    @EnumSource(Rounding.class)
    void vectorKernelsMatchTheScalarReferenceBitForBit(Rounding rounding) {
        for (int bits = 1; bits <= 32; bits++) {
            FixedPointFormat f = FixedPointFormat.of(bits);
            boolean vectorQuantizes = bits <= VectorKernels.MAX_FAST_BITS;
            for (int length : LENGTHS) {
                float[] src = values(length + 3, bits * 1000L + length, 1.2f);
                long key = StreamKey.derive(5, StreamKey.Purpose.DELTA_QUANTIZATION, bits, length, 1);
                byte[] scalar = ScalarKernels.quantizeAndPack(src, 3, length, f, rounding, key);
                if (vectorQuantizes) {
                    byte[] vector = VectorKernels.quantizeAndPack(src, 3, length, f, rounding, key);
                    assertArrayEquals(scalar, vector, "packed bytes, bits " + bits + " length " + length);
                }
                assertArrayEquals(scalar, new Quantizer(f, rounding)
                        .quantizeAndPack(src, 3, length, key), "facade, bits " + bits);

                float[] a = new float[length + 2];
                float[] b = new float[length + 2];
                ScalarKernels.unpackAndDequantize(scalar, f, a, 2, length);
                VectorKernels.unpackAndDequantize(scalar, f, b, 2, length);
                assertArrayEquals(a, b, "unpacked, bits " + bits + " length " + length);

                float[] qs = new float[length];
                ScalarKernels.quantize(src, 3, qs, 0, length, f, rounding, key);
                if (vectorQuantizes) {
                    float[] qv = new float[length];
                    VectorKernels.quantize(src, 3, qv, 0, length, f, rounding, key);
                    assertArrayEquals(qs, qv, "quantized, bits " + bits + " length " + length);
                }
                assertArrayEquals(Arrays.copyOfRange(a, 2, length + 2), qs, "unpack(pack(w)) == Q(w)");
            }
        }
    }

    @Test
    void vectorKernelsRefuseWidthsTheRoundingTrickDoesNotCover() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> VectorKernels
                .quantizeAndPack(new float[8], 0, 8, FixedPointFormat.of(24), Rounding.STOCHASTIC, 0));
        assertTrue(e.getMessage().contains("got 24"), e.getMessage());
    }

    @ParameterizedTest
    @EnumSource(Rounding.class)
    void outputsLieOnTheGridAndSaturate(Rounding rounding) {
        for (int bits : new int[] {1, 2, 3, 4, 8, 12, 16, 24}) {
            Quantizer q = new Quantizer(FixedPointFormat.of(bits), rounding);
            float[] w = values(1000, bits, 3f);
            w[0] = Float.POSITIVE_INFINITY;
            w[1] = Float.NEGATIVE_INFINITY;
            w[2] = 1f;
            w[3] = -1f;
            float[] out = new float[w.length];
            q.quantize(w, out, 99);
            for (int i = 0; i < w.length; i++) {
                assertTrue(q.format().isOnGrid(out[i]), "off grid: Q(" + w[i] + ") = " + out[i]);
                if (w[i] >= q.format().maxValue()) {
                    assertEquals((float) q.format().maxValue(), out[i], "saturates at 1 - kappa");
                }
                if (w[i] <= -1f) {
                    assertEquals(-1f, out[i], "saturates at -1");
                }
                double kappa = q.format().kappa();
                if (w[i] > -1 && w[i] < q.format().maxValue()) {
                    double tolerance = rounding == Rounding.NEAREST ? kappa / 2 : kappa;
                    assertTrue(Math.abs(out[i] - w[i]) <= tolerance + 1e-7, "Q(" + w[i] + ") = " + out[i]);
                }
            }
        }
    }

    @Test
    void refusesNaNNamingItsIndex() {
        float[] w = new float[300];
        w[261] = Float.NaN;
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Quantizer.stochastic(4).quantizeAndPack(w, 1));
        assertTrue(e.getMessage().contains("NaN at index 261"), e.getMessage());
        w[261] = 0;
        w[12] = Float.NaN;
        e = assertThrows(IllegalArgumentException.class, () -> Quantizer.stochastic(4).quantizeAndPack(w, 1));
        assertTrue(e.getMessage().contains("NaN at index 12"), e.getMessage());
    }

    @Test
    void inPlaceQuantizingRefusesNaNBeforeTouchingTheArray() {
        for (int bits : new int[] {4, 30}) {
            float[] w = values(1000, 8, 0.9f);
            w[517] = Float.NaN;
            float[] before = w.clone();
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> Quantizer.stochastic(bits).quantizeInPlace(w, 1));
            assertTrue(e.getMessage().contains("NaN at index 517"), e.getMessage());
            assertArrayEquals(before, w, "array unchanged at " + bits + " bits");
        }
    }

    @Test
    void sameKeySameDrawsAndOtherKeysOtherDraws() {
        Quantizer q = Quantizer.stochastic(3);
        float[] w = values(5000, 1, 0.9f);
        long key = StreamKey.derive(1, StreamKey.Purpose.WEIGHT_QUANTIZATION, 0, 0, 0);
        assertArrayEquals(q.quantizeAndPack(w, key), q.quantizeAndPack(w.clone(), key));
        long other = StreamKey.derive(1, StreamKey.Purpose.WEIGHT_QUANTIZATION, 0, 1, 0);
        assertFalse(Arrays.equals(q.quantizeAndPack(w, key), q.quantizeAndPack(w, other)));
    }

    /**
     * Tiny deltas, far below one step, must survive stochastic rounding on average: a
     * deterministic rounding would zero every one of them (a defect seen in the wild).
     */
    @Test
    void tinyDeltasSurviveStochasticRoundingOnAverage() {
        Quantizer q = Quantizer.stochastic(8);
        float delta = (float) (q.format().kappa() / 20);
        float[] d = new float[100_000];
        Arrays.fill(d, delta);
        float[] back = new float[d.length];
        q.unpackAndDequantize(q.quantizeAndPack(d, 3), back);
        double mean = Arrays.stream(toDouble(back)).average().orElseThrow();
        assertEquals(delta, mean, delta * 0.1, "mean of quantized tiny deltas");
        float[] nearest = new float[d.length];
        new Quantizer(q.format(), Rounding.NEAREST).quantize(d, nearest, 3);
        assertEquals(0f, nearest[0], "nearest rounding zeroes them: why stochastic is the default");
    }

    @Test
    void packedSizeIsNBitsPerValue() {
        for (int bits : new int[] {1, 2, 4, 8, 16}) {
            assertEquals(1_000_000L * bits / 8,
                    Quantizer.stochastic(bits).quantizeAndPack(new float[1_000_000], 0).length);
        }
    }

    @Test
    void unpackRefusesWrongLength() {
        Quantizer q = Quantizer.stochastic(6);
        byte[] packed = q.quantizeAndPack(values(1000, 2, 1f), 0);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> q.unpackAndDequantize(Arrays.copyOf(packed, packed.length - 1), new float[1000]));
        assertTrue(e.getMessage().contains("must be 750 bytes, got 749"), e.getMessage());
    }

    private static double[] toDouble(float[] f) {
        double[] d = new double[f.length];
        for (int i = 0; i < f.length; i++) {
            d[i] = f[i];
        }
        return d;
    }

    /** The byte codes of a clipped activation are the codes quantizeInPlace gives, halves rounded up. */
    @ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(ints = {2, 5, 8})
    void clippedCodesAreTheCodesOfTheClippedValues(int bits) {
        FixedPointFormat f = FixedPointFormat.of(bits);
        Quantizer q = new Quantizer(f, Rounding.NEAREST);
        SplittableRandom r = new SplittableRandom(bits);
        float[] x = new float[1003];
        for (int i = 0; i < x.length; i++) {
            // Exact halves of the grid (i odd), values past the clip bounds, and arbitrary floats.
            x[i] = i % 3 == 0 ? (float) r.nextDouble(-1.5, 1.5) : (i - 500) / (float) (1 << bits);
        }
        float low = 0f;
        float high = 1f;
        java.nio.ByteBuffer out = java.nio.ByteBuffer.allocateDirect(x.length);
        q.clippedCodes(org.nd4j.linalg.factory.Nd4j.create(x), low, high, out);
        for (int i = 0; i < x.length; i++) {
            int expected = ScalarKernels.code(Math.min(Math.max(x[i], low), high), f, Rounding.NEAREST, 0L, i);
            assertEquals(expected, out.get(i), "value " + x[i] + " at " + i);
        }
        assertEquals(f.maxCode(), out.get(1000), "saturates at the largest code");
        float[] withNaN = x.clone();
        withNaN[17] = Float.NaN;
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> q.clippedCodes(org.nd4j.linalg.factory.Nd4j.create(withNaN), low, high, out));
        assertTrue(e.getMessage().contains("index 17"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Quantizer(FixedPointFormat.of(9), Rounding.NEAREST)
                .clippedCodes(org.nd4j.linalg.factory.Nd4j.create(x), low, high, out), "codes above 8 bits");
    }
}
