package org.fedqnn.datasets.tensor;

import java.util.Objects;
import org.fedqnn.datasets.LabeledImages;

/**
 * Fills the trainer's and the evaluator's buffers from selected samples: features
 * {@code [batch, height, width, channels]} (NHWC, channels last, the layout the QNN runs) scaled
 * by a {@link FeatureScaling}, and class labels. The caller's arrays are reused, so a training
 * or evaluation loop allocates nothing per batch. Stateless and thread-safe.
 */
public final class Tensors {

    private Tensors() {
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
}
