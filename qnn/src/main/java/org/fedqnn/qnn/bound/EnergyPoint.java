package org.fedqnn.qnn.bound;

import org.fedqnn.qnn.Checks;

/**
 * f_E of eq. (23) at one precision, with the parts that make it up. All joules are expected
 * values over device selection, placement and fading.
 *
 * <p>Immutable and thread-safe.
 *
 * @param n                              the precision (real-valued in the line search)
 * @param v                              v of eq. (21)
 * @param rounds                         T = L v / (2 epsilon) - gamma, at least 0
 * @param computeJoulesPerDeviceRound    I E^C(n) of one selected device in one round
 * @param uplinkJoulesPerDeviceRound     E[E^UL,k(n)] of one selected device in one round
 * @param devicesPerRound                K
 */
public record EnergyPoint(double n, double v, double rounds, double computeJoulesPerDeviceRound,
                          double uplinkJoulesPerDeviceRound, int devicesPerRound) {

    public EnergyPoint {
        Checks.positive("EnergyPoint.n", n);
        Checks.nonNegative("EnergyPoint.v", v);
        Checks.nonNegative("EnergyPoint.rounds", rounds);
        Checks.nonNegative("EnergyPoint.computeJoulesPerDeviceRound", computeJoulesPerDeviceRound);
        Checks.nonNegative("EnergyPoint.uplinkJoulesPerDeviceRound", uplinkJoulesPerDeviceRound);
        Checks.atLeast("EnergyPoint.devicesPerRound", 1, devicesPerRound);
    }

    /** Compute energy of the whole run: K T I E^C(n). */
    public double computeJoules() {
        return devicesPerRound * rounds * computeJoulesPerDeviceRound;
    }

    /** Uplink energy of the whole run: K T E[E^UL](n). */
    public double uplinkJoules() {
        return devicesPerRound * rounds * uplinkJoulesPerDeviceRound;
    }

    /** f_E(n) = (K/N) T sum_k (E^UL,k + I E^C,k) = K T (E[E^UL] + I E^C), eqs. (14), (23). */
    public double totalJoules() {
        return devicesPerRound * rounds
                * (computeJoulesPerDeviceRound + uplinkJoulesPerDeviceRound);
    }
}
