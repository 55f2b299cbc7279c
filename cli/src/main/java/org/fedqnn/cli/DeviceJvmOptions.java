package org.fedqnn.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** How {@code fedqnn run} and {@code fedqnn sweep} start their device JVMs. */
final class DeviceJvmOptions {

    @Option(names = "--device-jvms", defaultValue = "2", description = "Device JVMs to start (default ${DEFAULT-VALUE}).")
    int deviceJvms;

    @Option(names = "--device-heap", defaultValue = "2g", description = "Maximum heap of each device JVM (default ${DEFAULT-VALUE}).")
    String deviceHeap;

    @Option(names = "--threads-per-jvm", description = "OMP_NUM_THREADS of each device JVM (default: cores / device JVMs, at least 1).")
    Integer threadsPerJvm;

    @Option(names = "--attackers", description = "For measuring defences: the first this many of the N devices send "
            + "the max-code attack every round they are selected (docs/hostile-devices.md; default none).")
    Integer attackers;

    /** The device JVMs, looking for the data set in {@code dataDir} first (null for the usual places). */
    LocalFederation.DeviceJvms jvms(Path dataDir) {
        return new LocalFederation.DeviceJvms(deviceJvms, deviceHeap, threadsPerJvm, dataDir,
                attackers == null ? 0 : attackers);
    }
}
