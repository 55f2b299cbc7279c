package org.fedqnn.server.records;

import com.fasterxml.jackson.annotation.JsonProperty;
import org.fedqnn.server.intake.UpdateReport;
import org.fedqnn.server.measures.DeviceEnergy;

/**
 * What one selected device did in one round, for the per-device record. Immutable.
 *
 * @param device         the device index k
 * @param name           the device's name
 * @param status         how the round ended for it
 * @param bytesReceived  serialized bytes of its accepted update's messages, 0 otherwise
 * @param payloadBytes   tensor data bytes of its accepted update, 0 otherwise
 * @param report         its trailer, or null unless received
 * @param secondsToUpdate from the round's start until its update was accepted, NaN otherwise
 * @param reason         why it was rejected or late, or why its received update is suspect
 *                       ({@code suspect: ...}), empty otherwise
 * @param energy         the ledger's entry for its accepted update, or null unless received
 * @param uploadSeconds  measured: wall seconds from the start of its accepted update's stream at
 *                       the server to the arrival of its last chunk, NaN otherwise
 */
public record DeviceOutcome(int device, String name, Status status, long bytesReceived, long payloadBytes,
                            UpdateReport report, double secondsToUpdate, String reason, DeviceEnergy energy,
                            double uploadSeconds) {

    /** An outcome without a measured upload time (nothing was received, or it was not timed). */
    public DeviceOutcome(int device, String name, Status status, long bytesReceived, long payloadBytes,
                         UpdateReport report, double secondsToUpdate, String reason, DeviceEnergy energy) {
        this(device, name, status, bytesReceived, payloadBytes, report, secondsToUpdate, reason, energy, Double.NaN);
    }

    /** How a selected device's round ended; written in the run files in lower case. */
    public enum Status {
        /** Its update was accepted and aggregated (or would have been, had the round met its quorum). */
        @JsonProperty("received")
        RECEIVED,
        /** Its update was still streaming, or arrived, after the deadline. */
        @JsonProperty("late")
        LATE,
        /** Every update it sent was refused (the last reason is kept). */
        @JsonProperty("rejected")
        REJECTED,
        /** Nothing arrived from it (a crash, a drop, or too slow to start uploading). */
        @JsonProperty("silent")
        SILENT
    }
}
