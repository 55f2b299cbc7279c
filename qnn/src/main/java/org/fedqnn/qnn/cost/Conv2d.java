package org.fedqnn.qnn.cost;

import java.util.Objects;

/**
 * A 2-D convolution, optionally grouped ({@code groups = in channels = filters} is a depthwise
 * convolution).
 *
 * <p>Per sample: forward MACs {@code outH * outW * filters * (inC / groups) * kh * kw} (the
 * bias add is not a MAC); weights {@code filters * (inC / groups) * kh * kw}, plus
 * {@code filters} biases when {@code bias} is set.
 *
 * <p>Immutable and thread-safe.
 *
 * @param filters      output channels, at least 1 and a multiple of {@code groups}
 * @param kernelHeight kernel rows, at least 1
 * @param kernelWidth  kernel columns, at least 1
 * @param strideHeight vertical stride, at least 1
 * @param strideWidth  horizontal stride, at least 1
 * @param padding      SAME, VALID or explicit
 * @param bias         whether each filter has a bias
 * @param groups       channel groups, at least 1; the input channels must be a multiple
 */
public record Conv2d(int filters, int kernelHeight, int kernelWidth, int strideHeight,
                     int strideWidth, Padding padding, boolean bias, int groups)
        implements Layer {

    public Conv2d {
        Windows.requirePositive("Conv2d.filters", filters);
        Windows.requirePositive("Conv2d.kernelHeight", kernelHeight);
        Windows.requirePositive("Conv2d.kernelWidth", kernelWidth);
        Windows.requirePositive("Conv2d.strideHeight", strideHeight);
        Windows.requirePositive("Conv2d.strideWidth", strideWidth);
        Objects.requireNonNull(padding, "Conv2d.padding");
        Windows.requirePositive("Conv2d.groups", groups);
        if (filters % groups != 0) {
            throw new IllegalArgumentException("Conv2d.filters must be a multiple of groups "
                    + groups + ", got " + filters);
        }
    }

    /** A square {@code kernel x kernel} convolution with bias and one group. */
    public static Conv2d of(int filters, int kernel, int stride, Padding padding) {
        return new Conv2d(filters, kernel, kernel, stride, stride, padding, true, 1);
    }

    /** This convolution without bias (as before batch norm). */
    public Conv2d withoutBias() {
        return new Conv2d(filters, kernelHeight, kernelWidth, strideHeight, strideWidth, padding,
                false, groups);
    }

    /** This convolution with {@code newGroups} channel groups. */
    public Conv2d withGroups(int newGroups) {
        return new Conv2d(filters, kernelHeight, kernelWidth, strideHeight, strideWidth, padding,
                bias, newGroups);
    }

    @Override
    public String kind() {
        return "conv2d";
    }

    @Override
    public String describe() {
        return Windows.describe(kernelHeight, kernelWidth, strideHeight, strideWidth) + " "
                + padding + ", " + filters + " filters"
                + (groups == 1 ? "" : ", " + groups + " groups") + (bias ? "" : ", no bias");
    }

    @Override
    public TensorShape outputShape(TensorShape input) {
        if (input.channels() % groups != 0) {
            throw new IllegalArgumentException(errorPrefix() + ": input channels "
                    + input.channels() + " are not a multiple of groups " + groups
                    + " (input " + input + ")");
        }
        try {
            int h = Windows.outputLength(padding, true, input.height(), kernelHeight,
                    strideHeight);
            int w = Windows.outputLength(padding, false, input.width(), kernelWidth,
                    strideWidth);
            return new TensorShape(filters, h, w);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    errorPrefix() + ": " + e.getMessage() + " (input " + input + ")", e);
        }
    }

    @Override
    public long forwardMacs(TensorShape input) {
        TensorShape out = outputShape(input);
        return Math.multiplyExact(out.elements(), weightsPerFilter(input));
    }

    @Override
    public long weights(TensorShape input) {
        outputShape(input);
        long kernels = Math.multiplyExact((long) filters, weightsPerFilter(input));
        return bias ? Math.addExact(kernels, filters) : kernels;
    }

    private long weightsPerFilter(TensorShape input) {
        return Math.multiplyExact((long) input.channels() / groups,
                Math.multiplyExact((long) kernelHeight, kernelWidth));
    }
}
