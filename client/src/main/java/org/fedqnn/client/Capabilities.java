package org.fedqnn.client;

import org.fedqnn.proto.v2.DeviceCapabilities;
import org.fedqnn.qnn.Quantizer;
import org.fedqnn.qnn.train.Backend;

/** What this JVM is and can do, as a device announces it at Register. Stateless and thread-safe. */
public final class Capabilities {

    private Capabilities() {
    }

    /** This JVM's capabilities, accepting messages up to {@code maxInboundMessageBytes}. */
    public static DeviceCapabilities ofThisJvm(int maxInboundMessageBytes) {
        Runtime rt = Runtime.getRuntime();
        return DeviceCapabilities.newBuilder()
                .setJvmVersion(System.getProperty("java.version", ""))
                .setJvmVendor(System.getProperty("java.vendor", ""))
                .setOs(System.getProperty("os.name", "") + " " + System.getProperty("os.arch", ""))
                .setAvailableProcessors(rt.availableProcessors())
                .setMaxHeapBytes(rt.maxMemory())
                .setMaxInboundMessageBytes(maxInboundMessageBytes)
                .setBackend(Backend.describe())
                .setVectorized(Quantizer.vectorized())
                .build();
    }
}
