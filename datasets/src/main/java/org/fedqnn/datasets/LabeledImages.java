package org.fedqnn.datasets;

import java.util.Objects;

/**
 * A set of labelled images held in memory as unsigned bytes, the way the IDX and CIFAR-10 files
 * store them: {@code pixels} is NCHW ({@code count x channels x height x width}, one byte per
 * value, 0..255 read as {@code b & 0xFF}) and {@code labels} holds one class index
 * {@code 0..classes-1} per image.
 *
 * <p>The arrays are taken over, not copied (the training images of a real data set are tens of
 * megabytes), and the accessors return them as they are, for fast batch building. Treat them as
 * read-only: nothing in this module writes to them. Under that rule an instance is immutable
 * and safe to share between threads.
 *
 * @param count number of images, at least 1
 * @param channels channels per image (1 for MNIST, 3 for CIFAR-10)
 * @param height rows per image
 * @param width columns per image
 * @param pixels {@code count * channels * height * width} bytes, NCHW
 * @param labels {@code count} bytes, each in {@code 0..classes-1}
 * @param classes number of classes, 1..256
 */
public record LabeledImages(
        int count, int channels, int height, int width, byte[] pixels, byte[] labels, int classes) {

    /** The largest class count a one-byte label can address. */
    public static final int MAX_CLASSES = 256;

    public LabeledImages {
        requirePositive("count", count);
        requirePositive("channels", channels);
        requirePositive("height", height);
        requirePositive("width", width);
        if (classes < 1 || classes > MAX_CLASSES) {
            throw new IllegalArgumentException(
                    "classes: expected 1.." + MAX_CLASSES + ", actual " + classes);
        }
        Objects.requireNonNull(pixels, "pixels");
        Objects.requireNonNull(labels, "labels");
        long expectedPixels = Math.multiplyExact(
                (long) count, Math.multiplyExact(Math.multiplyExact((long) channels, height), width));
        if (pixels.length != expectedPixels) {
            throw new IllegalArgumentException("pixels.length: expected count*channels*height*width = "
                    + expectedPixels + ", actual " + pixels.length);
        }
        if (labels.length != count) {
            throw new IllegalArgumentException(
                    "labels.length: expected count = " + count + ", actual " + labels.length);
        }
        for (int i = 0; i < labels.length; i++) {
            int label = labels[i] & 0xFF;
            if (label >= classes) {
                throw new IllegalArgumentException("labels[" + i + "]: expected 0.." + (classes - 1)
                        + ", actual " + label);
            }
        }
    }

    private static void requirePositive(String field, int value) {
        if (value < 1) {
            throw new IllegalArgumentException(field + ": expected >= 1, actual " + value);
        }
    }

    /** Values per image: {@code channels * height * width}. */
    public int imageSize() {
        return Math.multiplyExact(Math.multiplyExact(channels, height), width);
    }

    /** The class of image {@code i}, {@code 0..classes-1}. */
    public int label(int i) {
        return labels[Objects.checkIndex(i, count)] & 0xFF;
    }

    /** The labels widened to {@code int}, a fresh array. */
    public int[] labelsAsInts() {
        int[] out = new int[count];
        for (int i = 0; i < count; i++) {
            out[i] = labels[i] & 0xFF;
        }
        return out;
    }

    /** How many images each class has, indexed by class. */
    public int[] classCounts() {
        int[] counts = new int[classes];
        for (byte label : labels) {
            counts[label & 0xFF]++;
        }
        return counts;
    }

    /** True when {@code other} has the same per-image shape and class count. */
    public boolean sameShapeAs(LabeledImages other) {
        return channels == other.channels && height == other.height && width == other.width
                && classes == other.classes;
    }

    /** Records compare arrays by reference; compare their contents instead. */
    @Override
    public boolean equals(Object o) {
        return o instanceof LabeledImages that && count == that.count && channels == that.channels
                && height == that.height && width == that.width && classes == that.classes
                && java.util.Arrays.equals(labels, that.labels)
                && java.util.Arrays.equals(pixels, that.pixels);
    }

    @Override
    public int hashCode() {
        return Objects.hash(count, channels, height, width, classes,
                java.util.Arrays.hashCode(labels));
    }

    /** The shape, not the bytes. */
    @Override
    public String toString() {
        return "LabeledImages[" + count + " x " + channels + "x" + height + "x" + width
                + ", classes=" + classes + "]";
    }
}
