package org.fedqnn.qnn.alloc;

import java.util.Arrays;
import org.fedqnn.qnn.Checks;

/**
 * One layer (tensor group) of a device's delta as the allocators see it: its name, its number
 * of values d_l, and the significance-weighted distortion D_l(b) that sending it at each
 * allowed width b adds to the objective. Built by {@link AnalyticSignificance} or
 * {@link MeasuredSignificance}, or by the caller.
 *
 * <p>Immutable and thread-safe: the array is copied on the way in and on the way out.
 *
 * @param name       the layer's name, for messages and reports
 * @param values     d_l, at least 1; d_l times the widest width must fit in a long
 * @param widths     the allowed widths
 * @param distortion D_l(b) for each width of {@code widths}, in the same order: finite, at
 *                   least 0 and non-increasing (a wider width never costs more distortion)
 */
public record LayerDistortion(String name, long values, Widths widths, double[] distortion) {

    public LayerDistortion {
        Checks.notNull("LayerDistortion.name", name);
        Checks.atLeast("LayerDistortion.values", 1, values);
        Checks.notNull("LayerDistortion.widths", widths);
        Checks.notNull("LayerDistortion.distortion", distortion);
        if (values > Long.MAX_VALUE / widths.max()) {
            throw new IllegalArgumentException("LayerDistortion.values must be at most "
                    + Long.MAX_VALUE / widths.max() + " (bits at " + widths.max()
                    + " bits must fit in a long), got " + values);
        }
        if (distortion.length != widths.count()) {
            throw new IllegalArgumentException("LayerDistortion.distortion must have one entry per"
                    + " width (" + widths.count() + ") of layer " + name + ", got " + distortion.length);
        }
        distortion = distortion.clone();
        for (int i = 0; i < distortion.length; i++) {
            Checks.nonNegative("LayerDistortion.distortion[" + i + "] of layer " + name, distortion[i]);
            if (i > 0 && distortion[i] > distortion[i - 1]) {
                throw new IllegalArgumentException("LayerDistortion.distortion must not increase with"
                        + " the width, got " + distortion[i - 1] + " at " + widths.at(i - 1)
                        + " bits then " + distortion[i] + " at " + widths.at(i) + " bits for layer " + name);
            }
        }
    }

    /** A copy of D_l(b), one entry per width. */
    @Override
    public double[] distortion() {
        return distortion.clone();
    }

    /** D_l at the width of index {@code widthIndex}. */
    public double distortion(int widthIndex) {
        return distortion[widthIndex];
    }

    /** Uplink bits of this layer at the width of index {@code widthIndex}: d_l times that width. */
    public long bits(int widthIndex) {
        return values * widths.at(widthIndex);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LayerDistortion l && name.equals(l.name) && values == l.values
                && widths.equals(l.widths) && Arrays.equals(distortion, l.distortion);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * (31 * name.hashCode() + Long.hashCode(values)) + widths.hashCode())
                + Arrays.hashCode(distortion);
    }

    @Override
    public String toString() {
        return "LayerDistortion[name=" + name + ", values=" + values + ", widths=" + widths
                + ", distortion=" + Arrays.toString(distortion) + "]";
    }
}
