package org.fedqnn.server.records;

import org.fedqnn.server.registry.DeviceInfo;

/**
 * One line of {@code devices.jsonl}: a device that registered for the run and what it said
 * about itself (every text from outside, escaped in the file). Immutable.
 *
 * @param device the device index k
 */
public record RegisteredDevice(int device, String name, String jvm, String os, int processors, long maxHeapBytes,
                               int maxInboundMessageBytes, String backend, boolean vectorized) {

    /** Device {@code k} as it registered. */
    public static RegisteredDevice of(int k, DeviceInfo d) {
        return new RegisteredDevice(k, d.name(), d.jvm(), d.os(), d.processors(), d.maxHeapBytes(),
                d.maxInboundMessageBytes(), d.backend(), d.vectorized());
    }
}
