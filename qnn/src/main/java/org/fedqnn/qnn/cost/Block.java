package org.fedqnn.qnn.cost;

/**
 * A composite element made of branches (lists of {@link LayerSpec}) whose outputs are joined:
 * {@link ResidualBlock} (element-wise add), {@link ConcatBlock} (channel concatenation),
 * {@link SqueezeExcitation} (channel-wise scale by a gate) and {@link DualPathBlock} (add on
 * some channels, concatenate the rest). Blocks nest: a branch may hold blocks.
 *
 * <p>{@link CostCounter} counts each layer inside the branches, and the join as one more row
 * with 0 MACs and 0 weights. Implementations are records, immutable and thread-safe.
 */
public sealed interface Block extends LayerSpec
        permits ResidualBlock, ConcatBlock, SqueezeExcitation, DualPathBlock {
}
