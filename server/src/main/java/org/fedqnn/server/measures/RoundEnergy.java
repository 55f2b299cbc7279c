package org.fedqnn.server.measures;

/**
 * The ledger of one round, summed over its accepted updates, and of the run up to and with it.
 * Updates that came late or were refused are not charged: the server has no trustworthy count of
 * their work. Immutable.
 *
 * @param computeJoules           this round's E^C, summed over devices
 * @param uplinkJoules            this round's E^UL, summed over devices
 * @param uplinkBits              bits of this round's accepted updates
 * @param cumulativeComputeJoules the run's compute joules so far
 * @param cumulativeUplinkJoules  the run's uplink joules so far
 * @param cumulativeUplinkBits    the run's uplink bits so far
 */
public record RoundEnergy(double computeJoules, double uplinkJoules, long uplinkBits,
                          double cumulativeComputeJoules, double cumulativeUplinkJoules, long cumulativeUplinkBits) {

    /** Nothing charged yet. */
    public static final RoundEnergy NONE = new RoundEnergy(0, 0, 0, 0, 0, 0);

    public double totalJoules() {
        return computeJoules + uplinkJoules;
    }

    public double cumulativeJoules() {
        return cumulativeComputeJoules + cumulativeUplinkJoules;
    }
}
