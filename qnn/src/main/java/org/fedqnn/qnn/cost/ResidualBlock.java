package org.fedqnn.qnn.cost;

import java.util.List;

/**
 * A residual block: {@code out = main(x) + shortcut(x)}, element-wise, as in ResNet. An empty
 * {@code shortcut} is the identity; a projection shortcut is e.g. a strided 1x1
 * {@link Conv2d} and a {@link BatchNorm}. Both branches must produce the same shape. Any
 * activation after the add is a separate {@link Activation} after the block.
 *
 * <p>The add is counted as a row of its own: 0 MACs, no weights, and its output (the whole
 * sum) counts in O_s. Immutable and thread-safe.
 *
 * @param main     the residual branch, at least 1 layer
 * @param shortcut the shortcut branch, empty for the identity
 */
public record ResidualBlock(List<LayerSpec> main, List<LayerSpec> shortcut) implements Block {

    public ResidualBlock {
        main = Branches.copyOf("ResidualBlock.main", main, false);
        shortcut = Branches.copyOf("ResidualBlock.shortcut", shortcut, true);
    }

    /** A residual block with an identity shortcut. */
    public static ResidualBlock identity(List<LayerSpec> main) {
        return new ResidualBlock(main, List.of());
    }

    @Override
    public String kind() {
        return "residual";
    }

    @Override
    public String describe() {
        return "main " + Branches.size(main) + ", shortcut " + Branches.size(shortcut);
    }
}
