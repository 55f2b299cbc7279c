package org.fedqnn.qnn.train;

import java.util.Locale;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.nativeblas.NativeOps;
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
        Nd4j.getExecutioner(); // loads the backend, without which NativeOpsHolder cannot initialise
        return NativeOpsHolder.getInstance().getDeviceNativeOps().buildInfo();
    }

    /**
     * One line in place of ND4J's start-up banner, e.g. {@code libnd4j CPU with oneDNN, 2 OpenMP
     * threads, binary for Generic x86 on a CPU with AVX512}.
     */
    public static String describe() {
        // ND4J first: NativeOpsHolder cannot initialise before Nd4j has loaded its backend
        String backend = Nd4j.getExecutioner().getEnvironmentInformation().getProperty("backend", "CPU");
        NativeOps ops = NativeOpsHolder.getInstance().getDeviceNativeOps();
        return String.format(Locale.ROOT, "libnd4j %s %s, %d OpenMP threads, binary for %s on a CPU with %s",
                backend,
                hasOneDnn() ? "with oneDNN" : "WITHOUT oneDNN (convolutions run several times slower)",
                Nd4j.getEnvironment().maxMasterThreads(), instructionSet(ops.binaryLevel()),
                instructionSet(ops.optimalLevel()));
    }

    /** libnd4j's names of its x86 levels (0 generic, 1 generic x86, 2 AVX/AVX2, 3 AVX512). */
    private static String instructionSet(int level) {
        return switch (level) {
            case 1 -> "Generic x86";
            case 2 -> "AVX/AVX2";
            case 3 -> "AVX512";
            default -> "Generic";
        };
    }
}
