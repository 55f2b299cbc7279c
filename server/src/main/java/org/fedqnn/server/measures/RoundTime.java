package org.fedqnn.server.measures;

import java.util.List;

/**
 * The modelled time of one round (issue 14's time model; docs/layerwise.md): each accepted
 * device's compute time, the MACs the server counts for its task over its profile's MACs per
 * second, plus its upload time, the bits the server received from it over its profile's uplink
 * rate; the round takes as long as its slowest accepted device. Modelled, not measured: the
 * measured wall times are the round's {@code *_s} columns of rounds.csv. Immutable.
 *
 * @param modelledSeconds           the round's modelled time, 0 when nothing was accepted
 * @param cumulativeModelledSeconds the run's modelled time so far
 * @param devices                   each accepted device's modelled times
 */
public record RoundTime(double modelledSeconds, double cumulativeModelledSeconds, List<DeviceTime> devices) {

    /** No time model in use (a run without device profiles). */
    public static final RoundTime NONE = new RoundTime(Double.NaN, Double.NaN, List.of());

    public RoundTime {
        devices = List.copyOf(devices);
    }

    /**
     * One device's modelled times in a round.
     *
     * @param device         k
     * @param computeSeconds its task's MACs over its MACs per second
     * @param uploadSeconds  the bits received from it over its uplink rate
     */
    public record DeviceTime(int device, double computeSeconds, double uploadSeconds) {

        /** Compute plus upload. */
        public double totalSeconds() {
            return computeSeconds + uploadSeconds;
        }
    }
}
