package org.fedqnn.qnn.cost;

import java.util.Objects;

/**
 * One row of a {@link NetworkCost}: the per-sample counts of one layer, or of the join of a
 * block (add, concatenation, scale), for one input shape.
 *
 * <p>Backward MACs are split into the gradient with respect to the layer's input and the
 * gradient with respect to its weights; for {@link Conv2d} and {@link Dense} each equals the
 * forward MACs, the input part is 0 where nothing before the layer needs a gradient (the first
 * weighted layer), and every other layer has 0 of both. Immutable and thread-safe.
 *
 * @param path               position in the network: {@code 3} at top level, {@code 4/main/0}
 *                           inside a block, {@code 4/add} for a block's join
 * @param kind               the operation, e.g. {@code conv2d}, {@code residual-add}
 * @param detail             the settings in short, e.g. {@code 3x3/1 same, 64 filters}
 * @param input              input shape (for a join: the main or first branch's output)
 * @param output             output shape
 * @param forwardMacs        forward multiply-accumulates, at least 0
 * @param inputGradientMacs  backward MACs for the gradient with respect to the input, at least 0
 * @param weightGradientMacs backward MACs for the gradient with respect to the weights, at least 0
 * @param weights            trainable parameters, at least 0
 * @param buffers            non-trainable state (batch-norm running statistics), at least 0
 * @param outputs            values stored, the row's share of O_s, at least 0
 */
public record LayerCost(String path, String kind, String detail, TensorShape input,
                        TensorShape output, long forwardMacs, long inputGradientMacs,
                        long weightGradientMacs, long weights, long buffers, long outputs) {

    public LayerCost {
        Objects.requireNonNull(path, "LayerCost.path");
        Objects.requireNonNull(kind, "LayerCost.kind");
        Objects.requireNonNull(detail, "LayerCost.detail");
        Objects.requireNonNull(input, "LayerCost.input");
        Objects.requireNonNull(output, "LayerCost.output");
        requireNonNegative("forwardMacs", forwardMacs);
        requireNonNegative("inputGradientMacs", inputGradientMacs);
        requireNonNegative("weightGradientMacs", weightGradientMacs);
        requireNonNegative("weights", weights);
        requireNonNegative("buffers", buffers);
        requireNonNegative("outputs", outputs);
    }

    /** Backward MACs: input gradient plus weight gradient. */
    public long backwardMacs() {
        return Math.addExact(inputGradientMacs, weightGradientMacs);
    }

    private static void requireNonNegative(String field, long value) {
        if (value < 0) {
            throw new IllegalArgumentException(
                    "LayerCost." + field + " must be at least 0, got " + value);
        }
    }
}
