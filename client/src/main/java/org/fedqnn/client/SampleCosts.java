package org.fedqnn.client;

import org.fedqnn.qnn.cost.NetworkCost;

/**
 * The per-sample counts of section II.C that an update's trailer reports, from
 * {@link org.fedqnn.qnn.cost.CostCounter} over the network the device ran at its real input
 * shape. Immutable and thread-safe.
 *
 * @param forwardMacs  N_c: forward multiply-accumulates per sample, >= 0
 * @param backwardMacs backward multiply-accumulates per sample (input and weight gradients), >= 0
 * @param weights      N_s: trainable weights of the model, >= 0
 * @param outputs      O_s: intermediate outputs per sample of one forward pass, >= 0
 */
public record SampleCosts(long forwardMacs, long backwardMacs, long weights, long outputs) {

    public SampleCosts {
        if (forwardMacs < 0 || backwardMacs < 0 || weights < 0 || outputs < 0) {
            throw new IllegalArgumentException("SampleCosts must all be >= 0, got forwardMacs " + forwardMacs
                    + ", backwardMacs " + backwardMacs + ", weights " + weights + ", outputs " + outputs);
        }
    }

    /** The counts of {@code cost}. */
    public static SampleCosts of(NetworkCost cost) {
        return new SampleCosts(cost.forwardMacs(), cost.backwardMacs(), cost.weights(), cost.outputs());
    }
}
