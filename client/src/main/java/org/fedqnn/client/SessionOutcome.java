package org.fedqnn.client;

import java.util.Objects;

/**
 * How a device's session ended. Immutable and thread-safe.
 *
 * @param deviceName the device
 * @param kind       how it ended
 * @param reason     why: the server's RunEnded reason, or what failed (naming field, expected, actual)
 */
public record SessionOutcome(String deviceName, Kind kind, String reason) {

    /** How a session ended. */
    public enum Kind {
        /** The server said the run is over. */
        RUN_ENDED,
        /** {@link DeviceSession#stop()} was called. */
        STOPPED,
        /** The device gave up or was refused; see the reason. */
        FAILED
    }

    public SessionOutcome {
        Objects.requireNonNull(deviceName, "SessionOutcome.deviceName");
        Objects.requireNonNull(kind, "SessionOutcome.kind");
        Objects.requireNonNull(reason, "SessionOutcome.reason");
    }

    @Override
    public String toString() {
        return deviceName + ": " + kind + " (" + reason + ")";
    }
}
