package org.fedqnn.server.records;

import com.fasterxml.jackson.annotation.JsonProperty;
import org.fedqnn.server.measures.RoundTime;

/**
 * One line of {@code device-times.csv}: an accepted device's modelled compute and upload time in
 * a round (modelled from its profile), and beside them its measured upload time
 * ({@link RoundTime.DeviceTime}).
 *
 * @param round                  the round number
 * @param device                 k
 * @param modelledComputeSeconds modelled: its task's MACs over its MACs per second
 * @param modelledUploadSeconds  modelled: the bits received from it over its uplink rate
 * @param measuredUploadSeconds  measured: wall seconds from the start of its update's stream at
 *                               the server to its last chunk; empty when not measured
 */
public record DeviceTimeRow(long round, int device,
                            @JsonProperty("modelled_compute_s") double modelledComputeSeconds,
                            @JsonProperty("modelled_upload_s") double modelledUploadSeconds,
                            @JsonProperty("measured_upload_s") double measuredUploadSeconds) {

    /** The row of device time {@code t} in round {@code round}. */
    public static DeviceTimeRow of(long round, RoundTime.DeviceTime t) {
        return new DeviceTimeRow(round, t.device(), t.computeSeconds(), t.uploadSeconds(),
                t.measuredUploadSeconds());
    }
}
