package org.fedqnn.cli;

import static org.fedqnn.cli.ResumeHarness.assertExit;
import static org.fedqnn.cli.ResumeHarness.freePort;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.fedqnn.server.checkpoint.CheckpointFile;
import org.fedqnn.server.checkpoint.CrashPoint;
import org.fedqnn.server.records.Manifest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A layer-wise run (FedLQ: {@code --allocator layerwise} under the three-tier scenario, each
 * device its own width per tensor) killed and resumed ends as if it had never stopped: the
 * strategy's state (w_{t-1} and the model the last round was configured on, which price the
 * next round's widths) comes back from the checkpoint. A real {@code fedqnn server} JVM with one
 * device JVM hosting three devices (mlp on Fashion-MNIST, four rounds), as in {@link ResumeRunTest}.
 */
class ResumeLayerwiseTest {

    private static final List<String> SETTINGS = List.of("--model", "mlp", "--bits", "8", "--devices", "3",
            "--per-round", "2", "--local-steps", "4", "--batch", "16", "--rounds", "4", "--test-limit", "300",
            "--loss-samples", "200", "--seed", "13", "--round-deadline", "60", "--registration-timeout", "90",
            "--poll-window", "5", "--allocator", "layerwise", "--scenario", "tiers", "--budget-bits-per-weight", "3");

    @TempDir
    static Path temp;

    private static Path reference;

    @BeforeAll
    static void uninterruptedRun() throws Exception {
        reference = temp.resolve("reference");
        ResumeHarness.referenceRun(reference, SETTINGS);
        assertTrue(Manifest.read(reference).federation().strategy().startsWith("fedlq-layerwise"),
                Manifest.read(reference).federation().strategy());
    }

    /**
     * Halted during the aggregation of round 2 (the third): resumed from the checkpoint after two
     * rounds, it plays rounds 2 and 3 again with the widths the restored state prices.
     */
    @Test
    void aLayerwiseRunKilledAndResumedEndsAsTheUninterruptedRun() throws Exception {
        Path run = temp.resolve("aggregation-2");
        int port = freePort();
        Process server = ResumeHarness.server(run, port, CrashPoint.AGGREGATION + ":2", SETTINGS, List.of());
        Process devices = ResumeHarness.devices(port, run.resolve("devices.log"), null);
        assertExit(137, server, run.resolve("server.log"));
        String log = ResumeHarness.resume(run, port, devices, List.of());
        assertTrue(log.contains("from " + run.resolve(CheckpointFile.LATEST) + " after 2 rounds"), log);
        assertEquals(Manifest.read(reference).federation(), Manifest.read(run).federation());
        ResumeHarness.assertSameRun(reference, run, "layer-wise, aggregation:2");
    }

    /**
     * Only with the system property {@value ResumeRunTest#ALL_MOMENTS}=true: halted just after
     * round 1's tasks went out, after round 2's rows were written but before its checkpoint, and
     * between the two renames of the checkpoint after round 1 (only the previous one is left).
     */
    @Test
    void aLayerwiseRunKilledAtEachMomentAndResumedEndsAsTheUninterruptedRun() throws Exception {
        if (!Boolean.getBoolean(ResumeRunTest.ALL_MOMENTS)) {
            return;
        }
        for (String at : List.of(CrashPoint.ROUND_OPEN + ":1", CrashPoint.RECORDS + ":2",
                CrashPoint.CHECKPOINT_RENAME + ":1")) {
            Path run = temp.resolve(at.replace(':', '-'));
            int port = freePort();
            Process server = ResumeHarness.server(run, port, at, SETTINGS, List.of());
            Process devices = ResumeHarness.devices(port, run.resolve("devices.log"), null);
            assertExit(137, server, run.resolve("server.log"));
            ResumeHarness.resume(run, port, devices, List.of());
            ResumeHarness.assertSameRun(reference, run, "layer-wise, " + at);
        }
    }
}
