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
 * figures differ is refused (the tolerance is zero: a compliant device counts on the same layers
 * and runs exactly I steps of B samples). Immutable and thread-safe.
 *
 * @param forwardMacsPerSample  N_c
 * @param backwardMacsPerSample MACs of one backward pass per sample
 * @param weights               N_s
 * @param outputsPerSample      O_s
 */
public record ComplianceCosts(long forwardMacsPerSample, long backwardMacsPerSample, long weights,
                              long outputsPerSample) {

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
        same("forward_macs_per_sample", forwardMacsPerSample, r.forwardMacsPerSample());
        same("backward_macs_per_sample", backwardMacsPerSample, r.backwardMacsPerSample());
        same("weights", weights, r.weights());
        same("outputs_per_sample", outputsPerSample, r.outputsPerSample());
        same("local_steps", in.localSteps(), r.localSteps());
        same("samples_used", samples(in), r.samplesUsed());
    }

    private static void same(String field, long expected, long actual) {
        if (expected != actual) {
            throw new Refusal(Refusal.Kind.MALFORMED, "UpdateTrailer." + field + " must be " + expected
                    + " (what the task asks of the model), got " + actual);
        }
    }
}
