package org.fedqnn.datasets.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.fedqnn.datasets.LabeledImages;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;

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

    @Test
    void featuresAreNchwInUnitRange() {
        LabeledImages data = images(10);
        int[] indices = {7, 2, 9};
        INDArray f = Tensors.features(data, indices, 0, 3, FeatureScaling.unitRange(2));
        assertArrayEquals(new long[] {3, 2, 2, 3}, f.shape());
        assertEquals(DataType.FLOAT, f.dataType());
        assertTrue(f.minNumber().doubleValue() >= 0 && f.maxNumber().doubleValue() <= 1);
        for (int b = 0; b < 3; b++) {
            for (int c = 0; c < 2; c++) {
                for (int y = 0; y < 2; y++) {
                    for (int x = 0; x < 3; x++) {
                        int raw = data.pixels()[indices[b] * 12 + c * 6 + y * 3 + x] & 0xFF;
                        assertEquals(raw / 255f, f.getFloat(b, c, y, x), 1e-7);
                    }
                }
            }
        }
    }

    @Test
    void nhwcFeaturesMatchThePermutedNchwOnesAndLabelsFollowTheIndices() {
        LabeledImages data = images(10);
        int[] indices = {7, 2, 9, 4};
        FeatureScaling scaling = FeatureScaling.fit(data, Normalization.STANDARDIZE);
        INDArray nchw = Tensors.features(data, indices, 1, 4, scaling);
        float[] out = new float[3 * 12 + 5];
        out[36] = 42f;
        Tensors.featuresNhwc(data, indices, 1, 4, scaling, out);
        float[] expected = nchw.permute(0, 2, 3, 1).dup('c').data().asFloat();
        assertArrayEquals(expected, java.util.Arrays.copyOf(out, 36));
        assertEquals(42f, out[36], "writes only the batch");
        int[] labels = new int[3];
        Tensors.labels(data, indices, 1, 4, labels);
        assertArrayEquals(new int[] {2 % 3, 9 % 3, 4 % 3}, labels);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Tensors.featuresNhwc(data, indices, 0, 4, scaling, new float[47]));
        assertTrue(e.getMessage().contains("out.length: expected >= 48, actual 47"), e.getMessage());
    }

    @Test
    void labelsAreOneHot() {
        LabeledImages data = images(10);
        INDArray y = Tensors.oneHot(data, new int[] {4, 5, 6, 0}, 1, 4);
        assertArrayEquals(new long[] {3, 3}, y.shape());
        assertArrayEquals(new float[] {0, 0, 1, 1, 0, 0, 1, 0, 0}, y.data().asFloat());
    }

    @Test
    void standardizationUsesTrainingStatistics() {
        LabeledImages data = images(40);
        FeatureScaling scaling = FeatureScaling.fit(data, Normalization.STANDARDIZE);
        assertEquals(Normalization.STANDARDIZE, scaling.normalization());
        DataSet all = Tensors.all(data, scaling);
        INDArray f = all.getFeatures();
        for (int c = 0; c < 2; c++) {
            INDArray channel = f.get(org.nd4j.linalg.indexing.NDArrayIndex.all(),
                    org.nd4j.linalg.indexing.NDArrayIndex.point(c),
                    org.nd4j.linalg.indexing.NDArrayIndex.all(),
                    org.nd4j.linalg.indexing.NDArrayIndex.all());
            assertEquals(0.0, channel.meanNumber().doubleValue(), 1e-4);
            assertEquals(1.0, channel.stdNumber(false).doubleValue(), 1e-3);
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
                () -> Tensors.features(data, new int[] {0, 3}, 0, 2, FeatureScaling.unitRange(2)));
        assertThrows(IllegalArgumentException.class,
                () -> Tensors.features(data, new int[] {0}, 0, 1, FeatureScaling.unitRange(1)));
    }
}
