package org.fedqnn.qnn.alloc;

import java.util.List;
import org.fedqnn.qnn.Checks;
import org.fedqnn.qnn.FixedPointFormat;

/**
 * {@code uniform}: the Kim et al. paper's single uplink precision m on every layer, whatever
 * the budget. The allocation reports whether it fits ({@link Allocation#withinBudget()}) but
 * is the same either way: this is the baseline the other policies are compared with.
 *
 * <p>Immutable and thread-safe.
 */
public final class UniformAllocator implements BitAllocator {

    private final int bits;

    /** The allocator that gives every layer {@code bits} bits, 1..32. */
    public UniformAllocator(int bits) {
        this.bits = Checks.inRange("UniformAllocator bits", FixedPointFormat.MIN_BITS,
                FixedPointFormat.MAX_BITS, bits);
    }

    /** The width m. */
    public int bits() {
        return bits;
    }

    /** m on every layer; m must be one of the layers' widths. */
    @Override
    public Allocation allocate(List<LayerDistortion> layers, long budgetBits) {
        Problem problem = Problem.of(layers, budgetBits);
        int index = problem.widths().indexOf(bits);
        if (index < 0) {
            throw new IllegalArgumentException("UniformAllocator bits must be one of the layers' widths "
                    + problem.widths() + ", got " + bits);
        }
        return problem.uniform(index);
    }

    @Override
    public String name() {
        return "uniform";
    }
}
