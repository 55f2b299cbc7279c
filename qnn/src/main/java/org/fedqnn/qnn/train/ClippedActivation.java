package org.fedqnn.qnn.train;

import java.util.Locale;

/**
 * The clipped activation a QNN uses before quantizing an activation to the fixed-point range
 * [-1, 1): the straight-through estimator passes the gradient where the input lies strictly
 * inside {@code (low, high)} and blocks it outside.
 *
 * <p>{@link #RELU1} is the default: the specs use ReLU, and ReLU clipped at 1 keeps its
 * one-sided shape while fitting the range; {@link #HARDTANH} spends half of the codes on
 * negative activations. README's accuracy table measures both.
 */
public enum ClippedActivation {
    /** min(max(x, 0), 1). */
    RELU1(0f, 1f),
    /** min(max(x, -1), 1). */
    HARDTANH(-1f, 1f);

    private final float low;
    private final float high;

    ClippedActivation(float low, float high) {
        this.low = low;
        this.high = high;
    }

    /** The lower clipping bound. */
    public float low() {
        return low;
    }

    /** The upper clipping bound. */
    public float high() {
        return high;
    }

    /** {@code relu1} or {@code hardtanh}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses a {@link #label()}, any case. */
    public static ClippedActivation parse(String text) {
        for (ClippedActivation a : values()) {
            if (a.label().equalsIgnoreCase(text.trim())) {
                return a;
            }
        }
        throw new IllegalArgumentException(
                "clipped activation must be relu1 or hardtanh, got '" + text + "'");
    }
}
