package org.fedqnn.qnn.cost;

/**
 * How a sliding window ({@link Conv2d}, {@link Pool2d}) pads its input.
 *
 * <ul>
 *   <li>{@link Same}: output length {@code ceil(in / stride)}; the total padding
 *       {@code max((out - 1) * stride + kernel - in, 0)} is split with the smaller half before
 *       (TensorFlow's and DL4J's {@code ConvolutionMode.Same}).</li>
 *   <li>{@link Valid}: no padding; output length {@code floor((in - kernel) / stride) + 1}.</li>
 *   <li>{@link Explicit}: zero rows/columns added on each side, then as VALID.</li>
 * </ul>
 * Output lengths round down (floor), never up: there is no "ceil mode".
 *
 * <p>Immutable and thread-safe.
 */
public sealed interface Padding permits Padding.Same, Padding.Valid, Padding.Explicit {

    /** SAME padding: the output keeps {@code ceil(in / stride)} positions. */
    static Padding same() {
        return new Same();
    }

    /** VALID padding: no padding at all. */
    static Padding valid() {
        return new Valid();
    }

    /** The same explicit padding {@code p} on all four sides. */
    static Padding of(int p) {
        return new Explicit(p, p, p, p);
    }

    /** Explicit padding: {@code rows} above and below, {@code columns} left and right. */
    static Padding of(int rows, int columns) {
        return new Explicit(rows, rows, columns, columns);
    }

    /** Padding that keeps {@code ceil(in / stride)} output positions. */
    record Same() implements Padding {
        @Override
        public String toString() {
            return "same";
        }
    }

    /** No padding. */
    record Valid() implements Padding {
        @Override
        public String toString() {
            return "valid";
        }
    }

    /**
     * Explicit zero padding, in rows ({@code top}, {@code bottom}) and columns ({@code left},
     * {@code right}); each at least 0.
     */
    record Explicit(int top, int bottom, int left, int right) implements Padding {
        public Explicit {
            requireNonNegative("top", top);
            requireNonNegative("bottom", bottom);
            requireNonNegative("left", left);
            requireNonNegative("right", right);
        }

        private static void requireNonNegative(String field, int value) {
            if (value < 0) {
                throw new IllegalArgumentException(
                        "Padding.Explicit." + field + " must be at least 0, got " + value);
            }
        }

        @Override
        public String toString() {
            if (top == bottom && bottom == left && left == right) {
                return "pad " + top;
            }
            return "pad " + top + "," + bottom + "," + left + "," + right;
        }
    }
}
