package org.fedqnn.qnn.alloc;

import java.util.List;

/**
 * A policy that chooses one device's width per layer for one round: given the layers' tables
 * D_l(b) and the device's uplink budget in bits (its rate times the round's upload window,
 * computed by the caller), it returns an {@link Allocation}.
 *
 * <p>Contract of every implementation here: deterministic (the same inputs give the same
 * allocation; no randomness), and it never throws for an infeasible budget. When even the
 * smallest width on every layer exceeds the budget it returns that all-minimum allocation,
 * flagged by {@link Allocation#withinBudget()} being false. The layers must all share one
 * {@link Widths}. Implementations are immutable and thread-safe.
 */
public interface BitAllocator {

    /**
     * The widths for {@code layers} under {@code budgetBits}.
     *
     * @param layers     the device's quantizable layers, at least one, all with the same widths
     * @param budgetBits the uplink budget in bits, at least 0
     */
    Allocation allocate(List<LayerDistortion> layers, long budgetBits);

    /** The policy's name as configuration spells it, e.g. {@code layerwise}. */
    String name();
}
