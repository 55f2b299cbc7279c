package org.fedqnn.qnn.energy;

import org.fedqnn.qnn.Checks;
import org.fedqnn.qnn.cost.NetworkCost;

/**
 * The counts N_c (MACs), N_s (weights) and O_s (intermediate outputs) that eq. (9) turns into
 * joules, and where they come from. The two sources answer different questions and must not
 * be mixed:
 *
 * <ul>
 *   <li>{@link Source#PAPER_PER_ITERATION}: the paper's convention, used by its figures and by
 *       f_E of eq. (23): forward counts of one sample, charged once per local iteration
 *       (f_E multiplies by I).</li>
 *   <li>{@link Source#MEASURED_ROUND}: what a device really executed in one round, for the
 *       ledger of real runs: forward and backward MACs times the batch size times the I local
 *       iterations, weights fetched once per iteration (I N_s), and the outputs of every
 *       sample of every iteration. The energy of these counts is the whole round's; nothing
 *       multiplies it again.</li>
 * </ul>
 *
 * <p>Counts are doubles (a round of VGG-16 is ~10^13 MACs; eq. (9) is real-valued anyway).
 * Immutable and thread-safe.
 *
 * @param source  where the counts come from
 * @param macs    N_c, finite and at least 0
 * @param weights N_s, finite and at least 0
 * @param outputs O_s, finite and at least 0
 */
public record ComputeWorkload(Source source, double macs, double weights, double outputs) {

    /** Where the counts come from, and so what one evaluation of eq. (9) covers. */
    public enum Source {
        /** Forward counts of one sample; eq. (9) gives the energy of one local iteration. */
        PAPER_PER_ITERATION,
        /** Counts a device executed in a round; eq. (9) gives the energy of the round. */
        MEASURED_ROUND
    }

    public ComputeWorkload {
        Checks.notNull("ComputeWorkload.source", source);
        Checks.nonNegative("ComputeWorkload.macs", macs);
        Checks.nonNegative("ComputeWorkload.weights", weights);
        Checks.nonNegative("ComputeWorkload.outputs", outputs);
    }

    /** The paper's convention for explicit counts (e.g. its N_c = 20.64e6 for the CNN). */
    public static ComputeWorkload paper(double macs, double weights, double outputs) {
        return new ComputeWorkload(Source.PAPER_PER_ITERATION, macs, weights, outputs);
    }

    /** The paper's convention from a counted network: forward MACs, weights, outputs. */
    public static ComputeWorkload paper(NetworkCost cost) {
        return paper(cost.forwardMacs(), cost.weights(), cost.outputs());
    }

    /**
     * What a device executed in one round of {@code localSteps} iterations on batches of
     * {@code batchSize} samples: {@code trainingMacs * batchSize * localSteps} MACs,
     * {@code weights * localSteps} weight fetches and {@code outputs * batchSize * localSteps}
     * outputs.
     */
    public static ComputeWorkload measuredRound(NetworkCost cost, int batchSize, int localSteps) {
        Checks.atLeast("ComputeWorkload batchSize", 1, batchSize);
        Checks.atLeast("ComputeWorkload localSteps", 1, localSteps);
        double samples = (double) batchSize * localSteps;
        return new ComputeWorkload(Source.MEASURED_ROUND, cost.trainingMacs() * samples,
                (double) cost.weights() * localSteps, cost.outputs() * samples);
    }
}
