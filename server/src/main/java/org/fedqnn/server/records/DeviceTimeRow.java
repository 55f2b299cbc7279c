package org.fedqnn.server.records;

import com.fasterxml.jackson.annotation.JsonProperty;
import org.fedqnn.server.measures.RoundTime;

/**
 * One line of {@code device-times.csv}: an accepted device's modelled compute and upload time in
 * a round ({@link RoundTime.DeviceTime}; modelled from its profile, not measured).
 *
 * @param round                  the round number
 * @param device                 k
 * @param modelledComputeSeconds its task's MACs over its MACs per second
 * @param modelledUploadSeconds  the bits received from it over its uplink rate
 */
public record DeviceTimeRow(long round, int device,
                            @JsonProperty("modelled_compute_s") double modelledComputeSeconds,
                            @JsonProperty("modelled_upload_s") double modelledUploadSeconds) {

    /** The row of device time {@code t} in round {@code round}. */
    public static DeviceTimeRow of(long round, RoundTime.DeviceTime t) {
        return new DeviceTimeRow(round, t.device(), t.computeSeconds(), t.uploadSeconds());
    }
}
