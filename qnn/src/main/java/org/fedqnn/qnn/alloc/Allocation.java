package org.fedqnn.qnn.alloc;

import java.util.Arrays;
import java.util.List;
import org.fedqnn.qnn.Checks;
import org.fedqnn.qnn.FixedPointFormat;

/**
 * What an allocator chose for one device and one round: a width per layer, the uplink bits
 * that costs, the objective sum_l D_l(b_l), and the budget it was asked to meet.
 *
 * <p>An allocation may be over its budget: when even the smallest width on every layer does
 * not fit, the allocators return that all-minimum allocation rather than throw, so that the
 * round can decide (skip the device, or take the late upload). Check {@link #withinBudget()}.
 *
 * <p>Immutable and thread-safe: the array is copied on the way in and on the way out.
 *
 * @param widths     the width of each layer in bits, in layer order, each in 1..32
 * @param bits       total uplink bits, sum_l d_l b_l, at least 0
 * @param distortion the objective, sum_l D_l(b_l) added in layer order: finite, at least 0
 * @param budgetBits the budget the allocation was made for, at least 0
 */
public record Allocation(int[] widths, long bits, double distortion, long budgetBits) {

    public Allocation {
        Checks.notNull("Allocation.widths", widths);
        if (widths.length == 0) {
            throw new IllegalArgumentException("Allocation.widths must hold at least 1 layer, got 0");
        }
        widths = widths.clone();
        for (int l = 0; l < widths.length; l++) {
            Checks.inRange("Allocation.widths[" + l + "]", FixedPointFormat.MIN_BITS,
                    FixedPointFormat.MAX_BITS, widths[l]);
        }
        Checks.atLeast("Allocation.bits", 0, bits);
        Checks.nonNegative("Allocation.distortion", distortion);
        Checks.atLeast("Allocation.budgetBits", 0, budgetBits);
    }

    /**
     * The allocation that gives layer l the width {@code widths[l]}: its bits and objective
     * computed from the tables. Each width must be one of its layer's allowed widths.
     */
    public static Allocation evaluate(List<LayerDistortion> layers, int[] widths, long budgetBits) {
        Checks.notNull("Allocation layers", layers);
        Checks.notNull("Allocation.widths", widths);
        if (widths.length != layers.size()) {
            throw new IllegalArgumentException("Allocation.widths must have one width per layer ("
                    + layers.size() + "), got " + widths.length);
        }
        long bits = 0;
        double distortion = 0;
        for (int l = 0; l < widths.length; l++) {
            LayerDistortion layer = layers.get(l);
            int index = layer.widths().indexOf(widths[l]);
            if (index < 0) {
                throw new IllegalArgumentException("Allocation.widths[" + l + "] must be one of "
                        + layer.widths() + " (layer " + layer.name() + "), got " + widths[l]);
            }
            bits = Math.addExact(bits, layer.bits(index));
            distortion += layer.distortion(index);
        }
        return new Allocation(widths, bits, distortion, budgetBits);
    }

    /** True when the allocation's bits are at most its budget. */
    public boolean withinBudget() {
        return bits <= budgetBits;
    }

    /** A copy of the widths, in layer order. */
    @Override
    public int[] widths() {
        return widths.clone();
    }

    /** The width of layer {@code layer}. */
    public int width(int layer) {
        return widths[layer];
    }

    /** How many layers. */
    public int layers() {
        return widths.length;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Allocation a && Arrays.equals(widths, a.widths) && bits == a.bits
                && Double.compare(distortion, a.distortion) == 0 && budgetBits == a.budgetBits;
    }

    @Override
    public int hashCode() {
        return 31 * (31 * (31 * Arrays.hashCode(widths) + Long.hashCode(bits))
                + Double.hashCode(distortion)) + Long.hashCode(budgetBits);
    }

    @Override
    public String toString() {
        return "Allocation[widths=" + Arrays.toString(widths) + ", bits=" + bits + ", distortion="
                + distortion + ", budgetBits=" + budgetBits + (withinBudget() ? "" : ", OVER BUDGET") + "]";
    }
}
