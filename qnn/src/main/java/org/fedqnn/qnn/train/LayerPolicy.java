package org.fedqnn.qnn.train;

import java.util.Locale;

/**
 * Which weight layers (convolutions and dense layers) a QNN quantizes. A quantized layer
 * computes with {@code Q(w)} and takes quantized activations as input (except the first
 * layer, whose input is the image itself); a float layer computes with its shadow weights and
 * takes full-precision input.
 */
public enum LayerPolicy {
    /** Every weight layer, as in the paper. */
    ALL,
    /** Every weight layer but the first and the last, a common QNN variant. */
    FLOAT_FIRST_LAST;

    /** Whether weight layer {@code index} of {@code count} is quantized. */
    public boolean quantizes(int index, int count) {
        if (this == ALL) {
            return true;
        }
        return index != 0 && index != count - 1;
    }

    /** {@code all} or {@code float-first-last}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** Parses a {@link #label()}, any case. */
    public static LayerPolicy parse(String text) {
        for (LayerPolicy p : values()) {
            if (p.label().equalsIgnoreCase(text.trim())) {
                return p;
            }
        }
        throw new IllegalArgumentException(
                "layer policy must be all or float-first-last, got '" + text + "'");
    }
}
