package org.fedqnn.server.measures;

/**
 * The ledger's entry for one device's accepted update in one round: the compute energy of
 * eq. (9) for the work the device reported, and the uplink energy of eqs. (10)-(12) for the bits
 * that reached the base station over the device's channel that round. Immutable.
 *
 * @param macs           MACs executed: (forward + backward MACs per sample) times samples used
 * @param computeJoules  E^C of eq. (9) for the round's measured counts at the training precision
 * @param uplinkBits     8 times the serialized bytes the server received for the update
 * @param channelGain    h_k(t): path gain of the device's position times its fading this round
 * @param rateBitsPerSecond r_k of eq. (10)
 * @param uplinkSeconds  T_k of eq. (11): bits / r_k
 * @param uplinkJoules   E^UL,k of eq. (12): P T_k
 */
public record DeviceEnergy(double macs, double computeJoules, long uplinkBits, double channelGain,
                           double rateBitsPerSecond, double uplinkSeconds, double uplinkJoules) {

    /** Compute plus uplink joules. */
    public double totalJoules() {
        return computeJoules + uplinkJoules;
    }
}
