package org.fedqnn.qnn.cost;

import java.util.List;

/**
 * A dual-path block (DPN): the first {@code residualChannels} channels of the main and shortcut
 * outputs are added (the residual path); the remaining channels of both are concatenated (the
 * densely connected path). With {@code R = residualChannels}, a shortcut output of
 * {@code R + D} channels and a main output of {@code R + k} channels, the output is
 * {@code [shortcut[:R] + main[:R], shortcut[R:], main[R:]]}, {@code R + D + k} channels.
 * An empty shortcut is the identity (the input already is {@code [residual | dense]}).
 *
 * <p>The join is a row of its own: 0 MACs, no weights; the {@code R * H * W} sums count in O_s,
 * the concatenated channels add nothing (see {@link ConcatBlock}). Immutable and thread-safe.
 *
 * @param main             the main branch, at least 1 layer
 * @param shortcut         the shortcut branch (e.g. a projection 1x1 conv), empty for identity
 * @param residualChannels channels added element-wise, at least 1
 */
public record DualPathBlock(List<LayerSpec> main, List<LayerSpec> shortcut, int residualChannels)
        implements Block {

    public DualPathBlock {
        main = Branches.copyOf("DualPathBlock.main", main, false);
        shortcut = Branches.copyOf("DualPathBlock.shortcut", shortcut, true);
        Windows.requirePositive("DualPathBlock.residualChannels", residualChannels);
    }

    @Override
    public String kind() {
        return "dual-path";
    }

    @Override
    public String describe() {
        return "main " + Branches.size(main) + ", shortcut " + Branches.size(shortcut)
                + ", " + residualChannels + " residual channels";
    }
}
