package org.fedqnn.server.measures;

import java.util.Objects;
import org.fedqnn.qnn.cost.NetworkCost;
import org.fedqnn.server.Refusal;
import org.fedqnn.server.intake.UpdateReport;
import org.fedqnn.server.strategy.DeviceInstruction;

/**
 * What a compliant device executes for a task, computed by the base station from the model it
 * sent and the instruction it gave (section II.C): N_c and the backward MACs per sample, N_s,
 * O_s (counted on the run's network by {@code CostCounter}, as the devices count them), I local
 * steps and I * B samples. The ledger charges these figures, never the device's; a trailer whose
 * figures differ is refused, or accepted and recorded as suspect ({@link CostMismatch}). The
 * tolerance is zero: a compliant device counts on the same layers and runs exactly I steps of B
 * samples. Immutable and thread-safe.
 *
 * @param forwardMacsPerSample  N_c
 * @param backwardMacsPerSample MACs of one backward pass per sample
 * @param weights               N_s
 * @param outputsPerSample      O_s
 */
public record ComplianceCosts(long forwardMacsPerSample, long backwardMacsPerSample, long weights,
                              long outputsPerSample) {

    /** The trailer's fields in the order {@link #disagreement} compares them. */
    private static final String[] FIELDS = {"forward_macs_per_sample", "backward_macs_per_sample", "weights",
        "outputs_per_sample", "local_steps", "samples_used"};

    public ComplianceCosts {
        if (forwardMacsPerSample < 0 || backwardMacsPerSample < 0 || weights < 0 || outputsPerSample < 0) {
            throw new IllegalArgumentException("ComplianceCosts must be >= 0");
        }
    }

    /** The counts of the run's network. */
    public static ComplianceCosts of(NetworkCost cost) {
        Objects.requireNonNull(cost, "cost");
        return new ComplianceCosts(cost.forwardMacs(), cost.backwardMacs(), cost.weights(), cost.outputs());
    }

    /** Samples a compliant device processes: I * B. */
    public static long samples(DeviceInstruction in) {
        return Math.multiplyExact((long) in.localSteps(), in.batchSize());
    }

    /** Forward plus backward MACs of the whole task: (N_c + backward) * I * B, overflow-checked. */
    public double taskMacs(DeviceInstruction in) {
        return (double) Math.multiplyExact(Math.addExact(forwardMacsPerSample, backwardMacsPerSample), samples(in));
    }

    /**
     * Checks a trailer against what the instruction asks of the model.
     *
     * @throws Refusal MALFORMED naming the first figure that differs, the expected and the actual value
     */
    public void check(UpdateReport r, DeviceInstruction in) {
        String problem = disagreement(r, in);
        if (problem != null) {
            throw new Refusal(Refusal.Kind.MALFORMED, problem);
        }
    }

    /**
     * The first figure of a trailer that is not what the instruction asks of the model, with the
     * expected and the actual value; null when every figure agrees.
     */
    public String disagreement(UpdateReport r, DeviceInstruction in) {
        long[][] pairs = {
            {forwardMacsPerSample, r.forwardMacsPerSample()},
            {backwardMacsPerSample, r.backwardMacsPerSample()},
            {weights, r.weights()},
            {outputsPerSample, r.outputsPerSample()},
            {in.localSteps(), r.localSteps()},
            {samples(in), r.samplesUsed()}};
        for (int i = 0; i < pairs.length; i++) {
            if (pairs[i][0] != pairs[i][1]) {
                return "UpdateTrailer." + FIELDS[i] + " must be " + pairs[i][0]
                        + " (what the task asks of the model), got " + pairs[i][1];
            }
        }
        return null;
    }
}
