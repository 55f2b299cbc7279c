package org.fedqnn.qnn.alloc;

import java.util.List;

/**
 * {@code per-device}: one width for all of a device's layers, the largest allowed width whose
 * bits, sum_l d_l m, fit the device's budget; the smallest width, flagged over budget, when
 * none fits. It ignores the distortion tables: it is "one n per device" of design section 7.
 *
 * <p>Stateless, immutable and thread-safe.
 */
public final class PerDeviceAllocator implements BitAllocator {

    @Override
    public Allocation allocate(List<LayerDistortion> layers, long budgetBits) {
        Problem problem = Problem.of(layers, budgetBits);
        for (int i = problem.widths().count() - 1; i > 0; i--) {
            if (problem.uniformBits(i) <= budgetBits) {
                return problem.uniform(i);
            }
        }
        return problem.uniform(0);
    }

    @Override
    public String name() {
        return "per-device";
    }
}
