package org.fedqnn.qnn.cost;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Runs each branch on the same input and concatenates the outputs along channels, in branch
 * order (Inception; DenseNet with an empty, identity branch first). All outputs must share
 * height and width.
 *
 * <p>The concatenation is counted as a row of its own with 0 MACs, no weights and nothing added
 * to O_s: it moves values the branches already stored, it computes none. Immutable and
 * thread-safe.
 *
 * @param branches at least 2 branches; an empty branch is the identity
 */
public record ConcatBlock(List<List<LayerSpec>> branches) implements Block {

    public ConcatBlock {
        Objects.requireNonNull(branches, "ConcatBlock.branches");
        if (branches.size() < 2) {
            throw new IllegalArgumentException(
                    "ConcatBlock.branches must hold at least 2 branches, got " + branches.size());
        }
        List<List<LayerSpec>> copies = new ArrayList<>(branches.size());
        for (int i = 0; i < branches.size(); i++) {
            copies.add(Branches.copyOf("ConcatBlock.branches[" + i + "]", branches.get(i), true));
        }
        branches = List.copyOf(copies);
    }

    @Override
    public String kind() {
        return "concat";
    }

    @Override
    public String describe() {
        return branches.size() + " branches";
    }
}
