package org.fedqnn.qnn.train;

import java.util.Locale;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.nativeblas.NativeOpsHolder;

/**
 * What ND4J runs on, for run records and start-up lines: the native build's features and thread
 * counts. Thread-safe.
 */
public final class Backend {

    private Backend() {
    }

    /** True when libnd4j was built with oneDNN (the {@code -onednn} classifier), which the trainer needs for speed. */
    public static boolean hasOneDnn() {
        return buildInfo().contains("HAVE_ONEDNN");
    }

    /** The native build information libnd4j reports. */
    public static String buildInfo() {
        return NativeOpsHolder.getInstance().getDeviceNativeOps().buildInfo();
    }

    /** One line, e.g. {@code libnd4j CPU with oneDNN, 2 OpenMP threads}. */
    public static String describe() {
        return String.format(Locale.ROOT, "libnd4j %s %s, %d OpenMP threads",
                Nd4j.getExecutioner().getEnvironmentInformation().getProperty("backend", "CPU"),
                hasOneDnn() ? "with oneDNN" : "WITHOUT oneDNN (convolutions run several times slower)",
                Nd4j.getEnvironment().maxMasterThreads());
    }
}
