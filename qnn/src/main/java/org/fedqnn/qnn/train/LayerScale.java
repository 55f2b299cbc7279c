package org.fedqnn.qnn.train;

import java.util.Locale;

/**
 * A fixed full-precision scale on each weight layer's output, so that n-bit weights can use the
 * whole fixed-point range [-1, 1) instead of the few codes near 0 that a fan-in-sized
 * initialisation leaves them.
 *
 * <p>{@link #POW2}: layer l multiplies its output (bias included) by
 * {@code s_l = 2^round(log2(sqrt(6 / fanIn)))}, a shift on fixed-point hardware, initialises its
 * weights {@code U(-sqrt(6/fanIn)/s_l, +)} (clipped to [-1, 1]) and scales its learning rate by
 * {@code 1/s_l^2}. In float the network then computes and learns exactly like the unscaled one with
 * weights {@code s_l w}; in QNN mode the quantization noise {@code kappa} is small next to the
 * weights, and model deltas are {@code 1/s_l} times larger next to {@code kappa}. The scale is
 * like a batch-norm scale that is fixed: it is not a weight and is not sent. {@link #NONE} is the
 * paper's network as written.
 */
public enum LayerScale {
    /** No scale: weights initialised at fan-in size inside [-1, 1]. */
    NONE,
    /** Power-of-two scale per layer from its fan-in. */
    POW2;

    /** The scale of a layer with {@code fanIn} inputs per output. */
    public float scale(long fanIn) {
        if (this == NONE) {
            return 1f;
        }
        double limit = Math.sqrt(6.0 / fanIn);
        return (float) Math.pow(2, Math.round(Math.log(limit) / Math.log(2)));
    }

    /** {@code none} or {@code pow2}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses a {@link #label()}, any case. */
    public static LayerScale parse(String text) {
        for (LayerScale s : values()) {
            if (s.label().equalsIgnoreCase(text.trim())) {
                return s;
            }
        }
        throw new IllegalArgumentException("layer scale must be none or pow2, got '" + text + "'");
    }
}
