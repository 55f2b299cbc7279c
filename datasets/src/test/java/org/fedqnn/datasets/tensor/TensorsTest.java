package org.fedqnn.datasets.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.fedqnn.datasets.LabeledImages;
import org.junit.jupiter.api.Test;

class TensorsTest {

    /** n images of 2 channels x 2 x 3; image i channel c value k = (i*12 + c*6 + k) * 10 mod 256. */
    static LabeledImages images(int n) {
        byte[] pixels = new byte[n * 12];
        byte[] labels = new byte[n];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (byte) (i * 10);
        }
        for (int i = 0; i < n; i++) {
            labels[i] = (byte) (i % 3);
        }
        return new LabeledImages(n, 2, 2, 3, pixels, labels, 3);
    }

    /** NHWC features of {@code indices[from..to)} into a fresh buffer. */
    private static float[] nhwc(LabeledImages data, int[] indices, int from, int to, FeatureScaling scaling) {
        float[] out = new float[(to - from) * data.imageSize()];
        Tensors.featuresNhwc(data, indices, from, to, scaling, out);
        return out;
    }

    @Test
    void featuresAreNhwcInUnitRange() {
        LabeledImages data = images(10);
        int[] indices = {7, 2, 9};
        float[] f = nhwc(data, indices, 0, 3, FeatureScaling.unitRange(2));
        int i = 0;
        for (int b = 0; b < 3; b++) {
            for (int y = 0; y < 2; y++) {
                for (int x = 0; x < 3; x++) {
                    for (int c = 0; c < 2; c++) {
                        int raw = data.pixels()[indices[b] * 12 + c * 6 + y * 3 + x] & 0xFF;
                        assertEquals(raw / 255f, f[i++], 1e-7, "sample " + b + " y " + y + " x " + x + " c " + c);
                    }
                }
            }
        }
    }

    @Test
    void nhwcFeaturesWriteOnlyTheBatchAndLabelsFollowTheIndices() {
        LabeledImages data = images(10);
        int[] indices = {7, 2, 9, 4};
        FeatureScaling scaling = FeatureScaling.fit(data, Normalization.STANDARDIZE);
        float[] out = new float[3 * 12 + 5];
        out[36] = 42f;
        Tensors.featuresNhwc(data, indices, 1, 4, scaling, out);
        assertArrayEquals(nhwc(data, indices, 1, 4, scaling), java.util.Arrays.copyOf(out, 36));
        assertEquals(42f, out[36], "writes only the batch");
        int[] labels = new int[3];
        Tensors.labels(data, indices, 1, 4, labels);
        assertArrayEquals(new int[] {2 % 3, 9 % 3, 4 % 3}, labels);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Tensors.featuresNhwc(data, indices, 0, 4, scaling, new float[47]));
        assertTrue(e.getMessage().contains("out.length: expected >= 48, actual 47"), e.getMessage());
    }

    @Test
    void standardizationUsesTrainingStatistics() {
        LabeledImages data = images(40);
        FeatureScaling scaling = FeatureScaling.fit(data, Normalization.STANDARDIZE);
        assertEquals(Normalization.STANDARDIZE, scaling.normalization());
        int[] all = new int[40];
        for (int i = 0; i < all.length; i++) {
            all[i] = i;
        }
        float[] f = nhwc(data, all, 0, 40, scaling);
        for (int c = 0; c < 2; c++) {
            double sum = 0;
            double squares = 0;
            int n = 0;
            for (int i = c; i < f.length; i += 2) {
                sum += f[i];
                squares += (double) f[i] * f[i];
                n++;
            }
            double mean = sum / n;
            assertEquals(0.0, mean, 1e-4);
            assertEquals(1.0, Math.sqrt(squares / n - mean * mean), 1e-3);
        }
        assertEquals(FeatureScaling.unitRange(2), FeatureScaling.fit(data, Normalization.DEFAULT));
    }

    @Test
    void constantChannelCannotBeStandardized() {
        LabeledImages flat = new LabeledImages(2, 1, 1, 2, new byte[4], new byte[2], 2);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> FeatureScaling.fit(flat, Normalization.STANDARDIZE));
        assertTrue(e.getMessage().contains("channel 0"), e.getMessage());
    }

    @Test
    void refusesBadIndices() {
        LabeledImages data = images(3);
        assertThrows(IndexOutOfBoundsException.class,
                () -> nhwc(data, new int[] {0, 3}, 0, 2, FeatureScaling.unitRange(2)));
        assertThrows(IllegalArgumentException.class,
                () -> nhwc(data, new int[] {0}, 0, 1, FeatureScaling.unitRange(1)));
    }
}
