package org.fedqnn.server.measures;

import java.util.List;

/**
 * The modelled time of one round (issue 14's time model; docs/layerwise.md): each accepted
 * device's compute time, the MACs the server counts for its task over its profile's MACs per
 * second, plus its upload time, the bits the server received from it over its profile's uplink
 * rate; the round takes as long as its slowest accepted device. Modelled, not measured: the
 * measured wall times are the round's {@code *_s} columns of rounds.csv, and each device's
 * measured upload time stands beside its modelled one ({@link DeviceTime#measuredUploadSeconds}).
 * Immutable.
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
     * One device's modelled times in a round, and its measured upload time.
     *
     * @param device                k
     * @param computeSeconds        modelled: its task's MACs over its MACs per second
     * @param uploadSeconds         modelled: the bits received from it over its uplink rate
     * @param measuredUploadSeconds measured: wall seconds from the start of its update's stream
     *                              at the server to its last chunk (NaN when not measured)
     */
    public record DeviceTime(int device, double computeSeconds, double uploadSeconds, double measuredUploadSeconds) {

        /** Modelled compute plus modelled upload. */
        public double totalSeconds() {
            return computeSeconds + uploadSeconds;
        }
    }
}
