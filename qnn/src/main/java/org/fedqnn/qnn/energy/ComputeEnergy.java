package org.fedqnn.qnn.energy;

import org.fedqnn.qnn.Checks;

/**
 * The computing energy of eq. (9) for a {@link ComputeWorkload} at precision n, in its three
 * parts:
 *
 * <pre>
 *   E_MAC(n) = A (n / n_max)^alpha,   E_l = E_MAC(n),   E_m = 2 E_MAC(n)
 *   E_C(n)   = E_MAC(n) N_c + 4 O_s E_MAC(n_max)
 *   E_W(n)   = E_m N_s   + E_l N_c sqrt(n / (p n_max))
 *   E_A(n)   = 2 E_m O_s + E_l N_c sqrt(n / (p n_max))
 *   E^C(n)   = E_C(n) + E_W(n) + E_A(n)
 * </pre>
 *
 * With {@link ComputeWorkload.Source#PAPER_PER_ITERATION} counts this is the E^{C,k}(n) of one
 * local iteration; with {@link ComputeWorkload.Source#MEASURED_ROUND} counts it is the round's.
 * n is real-valued (the line search of section III relaxes it).
 *
 * <p>Immutable and thread-safe.
 *
 * @param computeJoules          E_C, MACs at n bits plus full-precision work on each output
 * @param weightAccessJoules     E_W, fetching weights from the main and local buffers
 * @param activationAccessJoules E_A, moving activations through the buffers
 */
public record ComputeEnergy(double computeJoules, double weightAccessJoules,
                            double activationAccessJoules) {

    public ComputeEnergy {
        Checks.nonNegative("ComputeEnergy.computeJoules", computeJoules);
        Checks.nonNegative("ComputeEnergy.weightAccessJoules", weightAccessJoules);
        Checks.nonNegative("ComputeEnergy.activationAccessJoules", activationAccessJoules);
    }

    /** E_MAC(n) = A (n / n_max)^alpha, joules per MAC at n bits; n in [1, n_max]. */
    public static double macJoules(EnergyParameters parameters, double n) {
        checkPrecision(parameters, n);
        return parameters.macEnergyJoules() * Math.pow(n / parameters.nMax(), parameters.alpha());
    }

    /** Eq. (9) for {@code workload} at precision {@code n} in [1, n_max]. */
    public static ComputeEnergy of(EnergyParameters parameters, ComputeWorkload workload,
                                   double n) {
        double mac = macJoules(parameters, n);
        double local = mac;
        double main = 2 * mac;
        double fullPrecisionMac = parameters.macEnergyJoules();
        double reuse = Math.sqrt(n / ((double) parameters.macUnits() * parameters.nMax()));
        double compute = mac * workload.macs() + 4 * workload.outputs() * fullPrecisionMac;
        double weights = main * workload.weights() + local * workload.macs() * reuse;
        double activations = 2 * main * workload.outputs() + local * workload.macs() * reuse;
        return new ComputeEnergy(compute, weights, activations);
    }

    /** E^C = E_C + E_W + E_A. */
    public double totalJoules() {
        return computeJoules + weightAccessJoules + activationAccessJoules;
    }

    static void checkPrecision(EnergyParameters parameters, double n) {
        Checks.inRange("precision n", 1.0, parameters.nMax(), n);
    }
}
