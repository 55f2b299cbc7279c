package org.fedqnn.qnn.bound;

import org.fedqnn.qnn.Checks;
import org.fedqnn.qnn.energy.ComputeEnergy;
import org.fedqnn.qnn.energy.ComputeWorkload;
import org.fedqnn.qnn.energy.EnergyParameters;
import org.fedqnn.qnn.energy.Uplink;
import org.fedqnn.qnn.energy.UplinkExpectation;

/**
 * The objective of problem (23): the expected energy of every selected device until the bound
 * of eq. (20) reaches epsilon,
 *
 * <pre>
 *   f_E(n) = (K / N) (L v(n) / (2 epsilon) - gamma) sum_k { E^UL,k(n) + I E^C,k(n) }
 * </pre>
 *
 * with E^C of eq. (9) for {@link #workload()}, identical on every device (same chip, same
 * network), and the sum of the E^UL,k of eq. (12) replaced by its expectation
 * N P d n s ({@link UplinkExpectation}). For a {@link ComputeWorkload.Source#MEASURED_ROUND}
 * workload, eq. (9) already covers the I iterations and is not multiplied by I again.
 *
 * <p>Immutable and thread-safe.
 *
 * @param energy   P, B, N_0, A, alpha, n_max, p
 * @param workload N_c, N_s, O_s and their source
 * @param bound    Proposition 1 for the model (its d is the model size of the uplink too)
 * @param epsilon  the target gap, finite and &gt; 0 (paper: 0.01)
 * @param uplink   the expected seconds per bit over placement and fading
 */
public record EnergyObjective(EnergyParameters energy, ComputeWorkload workload,
                              ConvergenceBound bound, double epsilon, UplinkExpectation uplink) {

    public EnergyObjective {
        Checks.notNull("EnergyObjective.energy", energy);
        Checks.notNull("EnergyObjective.workload", workload);
        Checks.notNull("EnergyObjective.bound", bound);
        Checks.positive("EnergyObjective.epsilon", epsilon);
        Checks.notNull("EnergyObjective.uplink", uplink);
    }

    /** The largest precision, n_max. */
    public int nMax() {
        return energy.nMax();
    }

    /** f_E and its parts at precision {@code n} in [1, n_max]. */
    public EnergyPoint evaluate(double n) {
        FederatedSetting setting = bound.setting();
        double perIteration = ComputeEnergy.of(energy, workload, n).totalJoules();
        double compute = workload.source() == ComputeWorkload.Source.PAPER_PER_ITERATION
                ? setting.localSteps() * perIteration : perIteration;
        double uplinkJoules = uplink.meanJoules(energy, Uplink.paperBits(bound.modelSize(), n));
        return new EnergyPoint(n, bound.v(n), bound.rounds(n, epsilon), compute, uplinkJoules,
                setting.devicesPerRound());
    }

    /** f_E(n) in joules. */
    public double joules(double n) {
        return evaluate(n).totalJoules();
    }

    /** This objective with another target gap. */
    public EnergyObjective withEpsilon(double newEpsilon) {
        return new EnergyObjective(energy, workload, bound, newEpsilon, uplink);
    }
}
