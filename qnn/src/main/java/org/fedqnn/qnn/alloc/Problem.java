package org.fedqnn.qnn.alloc;

import java.util.Arrays;
import java.util.List;
import org.fedqnn.qnn.Checks;

/**
 * The checked inputs of one {@link BitAllocator#allocate} call, with the helpers every
 * allocator needs. Immutable and thread-safe.
 */
final class Problem {

    private final List<LayerDistortion> layers;
    private final Widths widths;
    private final long budgetBits;

    private Problem(List<LayerDistortion> layers, Widths widths, long budgetBits) {
        this.layers = layers;
        this.widths = widths;
        this.budgetBits = budgetBits;
    }

    /** Checks that there is at least one layer, all share one {@link Widths}, the budget is at least 0. */
    static Problem of(List<LayerDistortion> layers, long budgetBits) {
        Checks.notNull("layers", layers);
        if (layers.isEmpty()) {
            throw new IllegalArgumentException("layers must hold at least 1 layer, got 0");
        }
        List<LayerDistortion> copy = List.copyOf(layers);
        Widths widths = copy.get(0).widths();
        for (LayerDistortion layer : copy) {
            if (!layer.widths().equals(widths)) {
                throw new IllegalArgumentException("layers must all have the widths " + widths + " of layer "
                        + copy.get(0).name() + ", got " + layer.widths() + " for layer " + layer.name());
            }
        }
        Checks.atLeast("budgetBits", 0, budgetBits);
        return new Problem(copy, widths, budgetBits);
    }

    List<LayerDistortion> layers() {
        return layers;
    }

    LayerDistortion layer(int l) {
        return layers.get(l);
    }

    int layerCount() {
        return layers.size();
    }

    Widths widths() {
        return widths;
    }

    long budgetBits() {
        return budgetBits;
    }

    /** Bits of every layer at the width of index {@code widthIndex}. */
    long uniformBits(int widthIndex) {
        long bits = 0;
        for (LayerDistortion layer : layers) {
            bits = Math.addExact(bits, layer.bits(widthIndex));
        }
        return bits;
    }

    /** Bits with layer l at the width of index {@code widthIndices[l]}. */
    long bits(int[] widthIndices) {
        long bits = 0;
        for (int l = 0; l < widthIndices.length; l++) {
            bits = Math.addExact(bits, layers.get(l).bits(widthIndices[l]));
        }
        return bits;
    }

    /** True when the smallest width on every layer fits the budget. */
    boolean feasible() {
        return uniformBits(0) <= budgetBits;
    }

    /** The objective with layer l at the width of index {@code widthIndices[l]}, added in layer order. */
    double distortion(int[] widthIndices) {
        double distortion = 0;
        for (int l = 0; l < widthIndices.length; l++) {
            distortion += layers.get(l).distortion(widthIndices[l]);
        }
        return distortion;
    }

    /** The allocation with layer l at the width of index {@code widthIndices[l]}. */
    Allocation allocation(int[] widthIndices) {
        int[] bits = new int[widthIndices.length];
        for (int l = 0; l < bits.length; l++) {
            bits[l] = widths.at(widthIndices[l]);
        }
        return Allocation.evaluate(layers, bits, budgetBits);
    }

    /** The allocation with every layer at the width of index {@code widthIndex}. */
    Allocation uniform(int widthIndex) {
        int[] indices = new int[layers.size()];
        Arrays.fill(indices, widthIndex);
        return allocation(indices);
    }
}
