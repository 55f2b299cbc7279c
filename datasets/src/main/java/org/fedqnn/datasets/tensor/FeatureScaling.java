package org.fedqnn.datasets.tensor;

import java.util.Arrays;
import java.util.Objects;
import org.fedqnn.datasets.LabeledImages;

/**
 * A per-channel affine map from pixel bytes to features: {@code (x / 255 - mean[c]) / std[c]}.
 * {@link #unitRange} gives plain {@code x / 255}; {@link #fit} computes the statistics of a
 * training set for {@link Normalization#STANDARDIZE}. Immutable and thread-safe (the arrays
 * are copied in and out).
 *
 * @param normalization which normalisation this is
 * @param mean per-channel mean, in units of {@code x / 255}
 * @param std per-channel standard deviation, in units of {@code x / 255}, each > 0
 */
public record FeatureScaling(Normalization normalization, float[] mean, float[] std) {

    public FeatureScaling {
        Objects.requireNonNull(normalization, "normalization");
        mean = Objects.requireNonNull(mean, "mean").clone();
        std = Objects.requireNonNull(std, "std").clone();
        if (mean.length == 0 || mean.length != std.length) {
            throw new IllegalArgumentException("std.length: expected mean.length = " + mean.length
                    + " (at least 1), actual " + std.length);
        }
        for (int c = 0; c < std.length; c++) {
            if (!(std[c] > 0) || !Float.isFinite(std[c]) || !Float.isFinite(mean[c])) {
                throw new IllegalArgumentException("std[" + c + "]: expected a finite value > 0"
                        + " (with a finite mean), actual std " + std[c] + ", mean " + mean[c]);
            }
        }
    }

    /** {@code x / 255} for every channel. */
    public static FeatureScaling unitRange(int channels) {
        float[] zero = new float[channels];
        float[] one = new float[channels];
        Arrays.fill(one, 1f);
        return new FeatureScaling(Normalization.UNIT_RANGE, zero, one);
    }

    /**
     * The scaling for {@code normalization}, with statistics from {@code train} when it needs
     * them. Pass the training set, never the test set.
     */
    public static FeatureScaling fit(LabeledImages train, Normalization normalization) {
        if (normalization == Normalization.UNIT_RANGE) {
            return unitRange(train.channels());
        }
        int channels = train.channels();
        int plane = Math.multiplyExact(train.height(), train.width());
        long[][] histogram = new long[channels][256];
        byte[] pixels = train.pixels();
        int offset = 0;
        for (int n = 0; n < train.count(); n++) {
            for (int c = 0; c < channels; c++) {
                long[] h = histogram[c];
                for (int k = 0; k < plane; k++) {
                    h[pixels[offset++] & 0xFF]++;
                }
            }
        }
        float[] mean = new float[channels];
        float[] std = new float[channels];
        for (int c = 0; c < channels; c++) {
            double count = 0;
            double sum = 0;
            for (int v = 0; v < 256; v++) {
                count += histogram[c][v];
                sum += histogram[c][v] * (v / 255.0);
            }
            double mu = sum / count;
            double squares = 0;
            for (int v = 0; v < 256; v++) {
                double d = v / 255.0 - mu;
                squares += histogram[c][v] * d * d;
            }
            mean[c] = (float) mu;
            std[c] = (float) Math.sqrt(squares / count);
            if (!(std[c] > 0)) {
                throw new IllegalArgumentException("channel " + c + " of the training set: expected"
                        + " pixels that vary (standard deviation > 0), actual constant value "
                        + mu * 255 + "; use " + Normalization.UNIT_RANGE + " instead");
            }
        }
        return new FeatureScaling(Normalization.STANDARDIZE, mean, std);
    }

    /** Channels this scaling is for. */
    public int channels() {
        return mean.length;
    }

    @Override
    public float[] mean() {
        return mean.clone();
    }

    @Override
    public float[] std() {
        return std.clone();
    }

    /** {@code table[c][x]}: the feature of byte value {@code x} in channel {@code c}. */
    float[][] lookupTables() {
        float[][] table = new float[mean.length][256];
        for (int c = 0; c < mean.length; c++) {
            for (int v = 0; v < 256; v++) {
                table[c][v] = (float) ((v / 255.0 - mean[c]) / std[c]);
            }
        }
        return table;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FeatureScaling that && normalization == that.normalization
                && Arrays.equals(mean, that.mean) && Arrays.equals(std, that.std);
    }

    @Override
    public int hashCode() {
        return Objects.hash(normalization, Arrays.hashCode(mean), Arrays.hashCode(std));
    }

    @Override
    public String toString() {
        return "FeatureScaling[" + normalization + ", mean=" + Arrays.toString(mean) + ", std="
                + Arrays.toString(std) + "]";
    }
}
