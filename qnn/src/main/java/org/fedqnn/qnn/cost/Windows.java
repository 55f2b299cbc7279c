package org.fedqnn.qnn.cost;

/**
 * Output-size arithmetic of a sliding window (convolution or pooling) over one axis, shared by
 * {@link Conv2d} and {@link Pool2d}. Stateless; thread-safe.
 */
final class Windows {

    private Windows() {
    }

    /**
     * The number of window positions along one axis.
     *
     * @param padding the window's padding
     * @param rows    true for the height axis, false for the width axis
     * @param input   input length along the axis
     * @param kernel  window length along the axis
     * @param stride  step along the axis
     * @throws IllegalArgumentException when the window is larger than the padded input
     */
    static int outputLength(Padding padding, boolean rows, int input, int kernel, int stride) {
        String axis = rows ? "height" : "width";
        if (padding instanceof Padding.Same) {
            return (input + stride - 1) / stride;
        }
        long padded = input;
        if (padding instanceof Padding.Explicit e) {
            padded += rows ? (long) e.top() + e.bottom() : (long) e.left() + e.right();
        }
        if (kernel > padded) {
            throw new IllegalArgumentException("kernel " + axis + " " + kernel
                    + " is larger than the padded input " + axis + " " + padded
                    + " (input " + axis + " " + input + ", padding " + padding + ")");
        }
        return Math.toIntExact((padded - kernel) / stride + 1);
    }

    /** "3x3/1" (kernel height x width / stride), or "3x3/1x2" when the strides differ. */
    static String describe(int kernelHeight, int kernelWidth, int strideHeight, int strideWidth) {
        String stride = strideHeight == strideWidth
                ? Integer.toString(strideHeight) : strideHeight + "x" + strideWidth;
        return kernelHeight + "x" + kernelWidth + "/" + stride;
    }

    static void requirePositive(String field, int value) {
        if (value < 1) {
            throw new IllegalArgumentException(field + " must be at least 1, got " + value);
        }
    }
}
