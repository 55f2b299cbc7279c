package org.fedqnn.server.registry;

import java.util.Objects;
import org.fedqnn.server.Quoted;

/**
 * What a device said about itself when it registered, for the per-device records. Immutable.
 *
 * @param name                  the device's chosen name, unique in the run
 * @param jvm                   JVM version and vendor
 * @param os                    operating system and architecture
 * @param processors            processors its JVM sees
 * @param maxHeapBytes          its JVM's maximum heap
 * @param maxInboundMessageBytes the largest message it accepts
 * @param backend               its compute backend
 * @param vectorized            whether it quantizes on the Vector API
 */
public record DeviceInfo(String name, String jvm, String os, int processors, long maxHeapBytes,
                         int maxInboundMessageBytes, String backend, boolean vectorized) {

    /**
     * The longest device name kept. The service admits only names of the wire rule
     * ({@code DeviceName}, at most 64 characters); this looser bound holds for every other caller.
     */
    public static final int MAX_NAME_LENGTH = 200;
    /** The longest text a device may report about itself (JVM, OS, backend). */
    public static final int MAX_TEXT_LENGTH = 256;

    public DeviceInfo {
        Objects.requireNonNull(name, "DeviceInfo.name");
        if (name.isBlank() || name.length() > MAX_NAME_LENGTH || name.chars().anyMatch(c -> c < 0x20)) {
            throw new IllegalArgumentException("RegisterRequest.device_name must be 1.." + MAX_NAME_LENGTH
                    + " printable characters, got " + Quoted.of(name));
        }
        jvm = text("DeviceCapabilities.jvm_version and jvm_vendor", jvm);
        os = text("DeviceCapabilities.os", os);
        backend = text("DeviceCapabilities.backend", backend);
        if (maxInboundMessageBytes < 0) {
            throw new IllegalArgumentException("DeviceCapabilities.max_inbound_message_bytes must be >= 0, got "
                    + maxInboundMessageBytes);
        }
    }

    private static String text(String field, String value) {
        String v = Objects.requireNonNullElse(value, "");
        if (v.length() > MAX_TEXT_LENGTH) {
            throw new IllegalArgumentException(field + " must be at most " + MAX_TEXT_LENGTH + " characters, got "
                    + v.length());
        }
        return v;
    }
}
