package org.fedqnn.qnn.cost;

/**
 * The shape of one sample's activation tensor between two layers: channels x height x width
 * (the batch dimension is never part of it; every count in this package is per sample).
 *
 * <p>A flat vector of {@code n} features, the input and output of {@link Dense}, is
 * {@code n x 1 x 1}; {@link #flat(int)} makes one and {@link #isFlat()} recognises one.
 *
 * <p>Immutable and thread-safe.
 *
 * @param channels number of channels (feature maps), at least 1
 * @param height   rows, at least 1
 * @param width    columns, at least 1
 */
public record TensorShape(int channels, int height, int width) {

    public TensorShape {
        requirePositive("channels", channels);
        requirePositive("height", height);
        requirePositive("width", width);
    }

    /** A flat vector of {@code features} values, shaped {@code features x 1 x 1}. */
    public static TensorShape flat(int features) {
        requirePositive("features", features);
        return new TensorShape(features, 1, 1);
    }

    /** Whether this shape is a flat vector (height and width both 1). */
    public boolean isFlat() {
        return height == 1 && width == 1;
    }

    /** The number of values in one sample's tensor, channels * height * width. */
    public long elements() {
        return Math.multiplyExact(Math.multiplyExact((long) channels, height), width);
    }

    /** Compact form used in messages and tables: {@code 64x32x32}, {@code 10x1x1}. */
    @Override
    public String toString() {
        return channels + "x" + height + "x" + width;
    }

    private static void requirePositive(String field, int value) {
        if (value < 1) {
            throw new IllegalArgumentException(
                    "TensorShape." + field + " must be at least 1, got " + value);
        }
    }
}
