package org.fedqnn.datasets.tensor;

/**
 * How pixel bytes become float features, chosen explicitly by the caller; the default
 * ({@link #DEFAULT}) is {@link #UNIT_RANGE}. Immutable and thread-safe.
 */
public enum Normalization {

    /** {@code x / 255}, into [0, 1]. The default: needs no statistics and matches most papers. */
    UNIT_RANGE,

    /**
     * {@code (x / 255 - mean[c]) / std[c]} with the per-channel mean and standard deviation of
     * the training set (never the test set), so the training features have mean 0 and standard
     * deviation 1 per channel.
     */
    STANDARDIZE;

    /** The normalisation used when none is asked for. */
    public static final Normalization DEFAULT = UNIT_RANGE;
}
