package org.fedqnn.client;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.fedqnn.proto.convert.DeviceName;

/**
 * The settings of one device JVM, parsed once at the edge (the CLI): where the base station
 * listens, the names of the devices this JVM hosts, the deadlines of its calls and how it
 * reconnects. Immutable and thread-safe.
 *
 * @param target           the base station, {@code host:port} (port 1..65535)
 * @param deviceNames      the names the devices register under, at least one, unique, each of the
 *                         wire's rule ({@link DeviceName#RULE})
 * @param registerDeadline the deadline of each Register call, > 0
 * @param pollDeadline     the deadline of each FetchTask long poll, > 0; longer than the
 *                         server's poll window (about 20 s), after which it answers Idle
 * @param uploadMargin     added to a task's {@code deadline_ms} for the SubmitUpdate deadline, so
 *                         the server's own verdict arrives before the call times out here; >= 0
 * @param busyRetryPause   the pause before sending an update again after RESOURCE_EXHAUSTED, > 0
 * @param reconnect        how a device waits between attempts to register again
 * @param dataDir          a folder to look for the data set in first (see DatasetLocator)
 * @param maxCodeDevices   hosted devices that send the max-code attack ({@link MaxCodeAttack}) instead of
 *                         their deltas, for measuring the server's defences; each one of {@code deviceNames};
 *                         empty for an honest JVM
 */
public record DeviceSettings(String target, List<String> deviceNames, Duration registerDeadline,
                             Duration pollDeadline, Duration uploadMargin, Duration busyRetryPause,
                             ReconnectBackoff reconnect, Optional<Path> dataDir, Set<String> maxCodeDevices) {

    public DeviceSettings {
        checkTarget(target);
        deviceNames = List.copyOf(Objects.requireNonNull(deviceNames, "DeviceSettings.deviceNames"));
        if (deviceNames.isEmpty()) {
            throw new IllegalArgumentException("DeviceSettings.deviceNames must hold at least one name, got none");
        }
        var seen = new HashSet<String>();
        for (String name : deviceNames) {
            DeviceName.check("DeviceSettings.deviceNames[" + seen.size() + "]", name);
            if (!seen.add(name)) {
                throw new IllegalArgumentException("DeviceSettings.deviceNames must be unique, got '" + name
                        + "' twice");
            }
        }
        requirePositive("DeviceSettings.registerDeadline", registerDeadline);
        requirePositive("DeviceSettings.pollDeadline", pollDeadline);
        Objects.requireNonNull(uploadMargin, "DeviceSettings.uploadMargin");
        if (uploadMargin.isNegative()) {
            throw new IllegalArgumentException("DeviceSettings.uploadMargin must be >= 0, got " + uploadMargin);
        }
        requirePositive("DeviceSettings.busyRetryPause", busyRetryPause);
        Objects.requireNonNull(reconnect, "DeviceSettings.reconnect");
        Objects.requireNonNull(dataDir, "DeviceSettings.dataDir");
        maxCodeDevices = Set.copyOf(Objects.requireNonNull(maxCodeDevices, "DeviceSettings.maxCodeDevices"));
        for (String name : maxCodeDevices) {
            if (!seen.contains(name)) {
                throw new IllegalArgumentException("DeviceSettings.maxCodeDevices must name hosted devices, got '"
                        + name + "', which is not one of " + deviceNames);
            }
        }
    }

    /**
     * The defaults: Register 10 s, FetchTask 60 s, upload margin 2 s, 250 ms pause after
     * RESOURCE_EXHAUSTED, {@link ReconnectBackoff#DEFAULT}, no data folder, every device honest.
     */
    public static DeviceSettings defaults(String target, List<String> deviceNames) {
        return new DeviceSettings(target, deviceNames, Duration.ofSeconds(10), Duration.ofSeconds(60),
                Duration.ofSeconds(2), Duration.ofMillis(250), ReconnectBackoff.DEFAULT, Optional.empty(), Set.of());
    }

    /** These settings with another reconnect policy. */
    public DeviceSettings withReconnect(ReconnectBackoff backoff) {
        return new DeviceSettings(target, deviceNames, registerDeadline, pollDeadline, uploadMargin,
                busyRetryPause, backoff, dataDir, maxCodeDevices);
    }

    /** These settings with a data folder. */
    public DeviceSettings withDataDir(Path folder) {
        return new DeviceSettings(target, deviceNames, registerDeadline, pollDeadline, uploadMargin,
                busyRetryPause, reconnect, Optional.of(folder), maxCodeDevices);
    }

    /** These settings with {@code names} sending the max-code attack. */
    public DeviceSettings withMaxCodeDevices(Set<String> names) {
        return new DeviceSettings(target, deviceNames, registerDeadline, pollDeadline, uploadMargin,
                busyRetryPause, reconnect, dataDir, names);
    }

    static void requirePositive(String field, Duration value) {
        Objects.requireNonNull(value, field);
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(field + " must be > 0, got " + value);
        }
    }

    private static void checkTarget(String target) {
        Objects.requireNonNull(target, "DeviceSettings.target");
        int colon = target.lastIndexOf(':');
        String host = colon < 0 ? "" : target.substring(0, colon);
        int port = -1;
        if (colon >= 0) {
            try {
                port = Integer.parseInt(target.substring(colon + 1));
            } catch (NumberFormatException e) {
                port = -1;
            }
        }
        if (host.isBlank() || port < 1 || port > 65535) {
            throw new IllegalArgumentException("DeviceSettings.target must be host:port with a port in 1..65535, got '"
                    + target + "'");
        }
    }
}
