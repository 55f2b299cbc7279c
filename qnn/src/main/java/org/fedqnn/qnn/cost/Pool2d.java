package org.fedqnn.qnn.cost;

import java.util.Objects;

/**
 * Max or average pooling over a window, per channel; the channel count is kept.
 *
 * <p>0 MACs (maxima are comparisons; averages are sums and one scale) and no weights; its
 * output counts in O_s.
 *
 * <p>Immutable and thread-safe.
 *
 * @param type         {@link Type#MAX} or {@link Type#AVERAGE}
 * @param kernelHeight window rows, at least 1
 * @param kernelWidth  window columns, at least 1
 * @param strideHeight vertical stride, at least 1
 * @param strideWidth  horizontal stride, at least 1
 * @param padding      SAME, VALID or explicit; lengths round down, as DL4J's Truncate mode
 */
public record Pool2d(Type type, int kernelHeight, int kernelWidth, int strideHeight,
                     int strideWidth, Padding padding) implements Layer {

    /** What the window computes. */
    public enum Type {
        /** The largest value in the window. */
        MAX,
        /** The mean of the window. */
        AVERAGE
    }

    public Pool2d {
        Objects.requireNonNull(type, "Pool2d.type");
        Windows.requirePositive("Pool2d.kernelHeight", kernelHeight);
        Windows.requirePositive("Pool2d.kernelWidth", kernelWidth);
        Windows.requirePositive("Pool2d.strideHeight", strideHeight);
        Windows.requirePositive("Pool2d.strideWidth", strideWidth);
        Objects.requireNonNull(padding, "Pool2d.padding");
    }

    /** Square max pooling. */
    public static Pool2d max(int kernel, int stride, Padding padding) {
        return new Pool2d(Type.MAX, kernel, kernel, stride, stride, padding);
    }

    /** Square average pooling. */
    public static Pool2d average(int kernel, int stride, Padding padding) {
        return new Pool2d(Type.AVERAGE, kernel, kernel, stride, stride, padding);
    }

    @Override
    public String kind() {
        return type == Type.MAX ? "max-pool" : "avg-pool";
    }

    @Override
    public String describe() {
        return Windows.describe(kernelHeight, kernelWidth, strideHeight, strideWidth) + " "
                + padding;
    }

    @Override
    public TensorShape outputShape(TensorShape input) {
        try {
            int h = Windows.outputLength(padding, true, input.height(), kernelHeight,
                    strideHeight);
            int w = Windows.outputLength(padding, false, input.width(), kernelWidth,
                    strideWidth);
            return new TensorShape(input.channels(), h, w);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    errorPrefix() + ": " + e.getMessage() + " (input " + input + ")", e);
        }
    }
}
