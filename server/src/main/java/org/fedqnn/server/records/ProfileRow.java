package org.fedqnn.server.records;

import com.fasterxml.jackson.annotation.JsonProperty;
import org.fedqnn.server.profile.DeviceProfile;

/**
 * One line of {@code profiles.csv}: device k's profile, the uplink rate and compute speed the
 * time model and the budgets use for it (written when the run starts, before any device
 * registers, so a harness can shape device k's real link at this rate).
 *
 * @param device              k, the index in registration order
 * @param uplinkBitsPerSecond its uplink rate
 * @param macsPerSecond       its compute speed
 * @param maxTraining         the highest precision it trains at ("float32": any)
 */
public record ProfileRow(int device, @JsonProperty("uplink_bit_per_s") double uplinkBitsPerSecond,
                         @JsonProperty("mac_per_s") double macsPerSecond, String maxTraining) {

    /** The row of device {@code k}'s profile {@code p}. */
    public static ProfileRow of(int k, DeviceProfile p) {
        return new ProfileRow(k, p.uplinkBitsPerSecond(), p.macsPerSecond(), p.maxTraining().label());
    }
}
