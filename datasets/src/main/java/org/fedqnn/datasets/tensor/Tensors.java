package org.fedqnn.datasets.tensor;

import java.util.Objects;
import org.fedqnn.datasets.LabeledImages;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Builds ND4J tensors from selected samples: features {@code [batch, channels, height, width]}
 * (NCHW, float, C order) scaled by a {@link FeatureScaling}, and one-hot float labels
 * {@code [batch, classes]}. Each tensor is filled as one {@code float[]} and created once with
 * {@link Nd4j#create(float[], long[], char)}; no per-element puts. Stateless and thread-safe.
 */
public final class Tensors {

    private Tensors() {
    }

    /** Features and labels of the samples {@code indices[from..to)}. */
    public static DataSet batch(LabeledImages data, int[] indices, int from, int to,
            FeatureScaling scaling) {
        return new DataSet(features(data, indices, from, to, scaling),
                oneHot(data, indices, from, to));
    }

    /** Features of the samples {@code indices[from..to)}, NCHW. */
    public static INDArray features(LabeledImages data, int[] indices, int from, int to,
            FeatureScaling scaling) {
        Objects.checkFromToIndex(from, to, indices.length);
        if (to == from) {
            throw new IllegalArgumentException("batch size: expected >= 1, actual 0");
        }
        if (scaling.channels() != data.channels()) {
            throw new IllegalArgumentException("scaling channels: expected " + data.channels()
                    + ", actual " + scaling.channels());
        }
        int size = data.imageSize();
        int plane = Math.multiplyExact(data.height(), data.width());
        int batch = to - from;
        float[] out = new float[Math.multiplyExact(batch, size)];
        float[][] table = scaling.lookupTables();
        byte[] pixels = data.pixels();
        int dst = 0;
        for (int i = from; i < to; i++) {
            int src = Math.multiplyExact(Objects.checkIndex(indices[i], data.count()), size);
            for (int c = 0; c < table.length; c++) {
                float[] lut = table[c];
                for (int k = 0; k < plane; k++) {
                    out[dst++] = lut[pixels[src++] & 0xFF];
                }
            }
        }
        return Nd4j.create(out,
                new long[] {batch, data.channels(), data.height(), data.width()}, 'c');
    }

    /**
     * Writes the features of the samples {@code indices[from..to)} into {@code out} in NHWC
     * order (channels last, the layout the trainer runs), scaled by {@code scaling}; reuses the
     * caller's buffer so a training loop allocates nothing per batch.
     *
     * @throws IllegalArgumentException when {@code out} is too small or the channels differ
     */
    public static void featuresNhwc(LabeledImages data, int[] indices, int from, int to,
            FeatureScaling scaling, float[] out) {
        Objects.checkFromToIndex(from, to, indices.length);
        if (scaling.channels() != data.channels()) {
            throw new IllegalArgumentException("scaling channels: expected " + data.channels()
                    + ", actual " + scaling.channels());
        }
        int size = data.imageSize();
        long need = Math.multiplyExact((long) (to - from), size);
        if (out.length < need) {
            throw new IllegalArgumentException("out.length: expected >= " + need + ", actual "
                    + out.length);
        }
        int channels = data.channels();
        int plane = Math.multiplyExact(data.height(), data.width());
        float[][] table = scaling.lookupTables();
        byte[] pixels = data.pixels();
        int dst = 0;
        for (int i = from; i < to; i++) {
            int src = Math.multiplyExact(Objects.checkIndex(indices[i], data.count()), size);
            if (channels == 1) {
                float[] lut = table[0];
                for (int k = 0; k < plane; k++) {
                    out[dst++] = lut[pixels[src + k] & 0xFF];
                }
            } else {
                for (int k = 0; k < plane; k++) {
                    for (int c = 0; c < channels; c++) {
                        out[dst++] = table[c][pixels[src + c * plane + k] & 0xFF];
                    }
                }
            }
        }
    }

    /** Writes the labels of the samples {@code indices[from..to)} into {@code out[0..to-from)}. */
    public static void labels(LabeledImages data, int[] indices, int from, int to, int[] out) {
        Objects.checkFromToIndex(from, to, indices.length);
        if (out.length < to - from) {
            throw new IllegalArgumentException("out.length: expected >= " + (to - from) + ", actual "
                    + out.length);
        }
        for (int i = from; i < to; i++) {
            out[i - from] = data.label(Objects.checkIndex(indices[i], data.count()));
        }
    }

    /** One-hot labels of the samples {@code indices[from..to)}, {@code [batch, classes]}. */
    public static INDArray oneHot(LabeledImages data, int[] indices, int from, int to) {
        Objects.checkFromToIndex(from, to, indices.length);
        if (to == from) {
            throw new IllegalArgumentException("batch size: expected >= 1, actual 0");
        }
        int classes = data.classes();
        float[] out = new float[Math.multiplyExact(to - from, classes)];
        for (int i = from; i < to; i++) {
            out[(i - from) * classes + data.label(indices[i])] = 1f;
        }
        return Nd4j.create(out, new long[] {to - from, classes}, 'c');
    }

    /** Every sample of {@code data}, in order, as one data set (for evaluation). */
    public static DataSet all(LabeledImages data, FeatureScaling scaling) {
        int[] all = new int[data.count()];
        for (int i = 0; i < all.length; i++) {
            all[i] = i;
        }
        return batch(data, all, 0, all.length, scaling);
    }
}
