package org.fedqnn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.fedqnn.server.records.CsvTable;
import org.fedqnn.server.records.DeviceOutcome;
import org.fedqnn.server.records.DeviceRow;
import org.fedqnn.server.records.RoundRow;
import org.fedqnn.server.records.RunFolder;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The load benchmark's run ({@code bench/load-devices.sh}) at a small scale: 200 light devices
 * (mlp, I = 2 steps of batch 8, 300 images each) in two device JVMs against one base station on
 * loopback, K = 40 per round, 3 rounds, the model evaluated after the last only. No round may
 * fail: every round aggregates, and every selected device's update is accepted.
 */
class ManyDevicesRunTest {

    @Test
    @Timeout(300)
    void twoHundredDevicesEveryRoundAggregatesAllFortyUpdates(@TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(Files.isDirectory(Path.of("/usr/share/datasets/fashion-mnist")),
                "Fashion-MNIST is not installed (setup.sh installs it)");
        Path out = dir.resolve("run");
        MainTest.Result r = MainTest.run("run", "--model", "mlp", "--devices", "200", "--per-round", "40",
                "--quorum", "40", "--local-steps", "2", "--batch", "8", "--rounds", "3", "--eval-every", "3",
                "--test-limit", "500", "--seed", "3", "--device-jvms", "2", "--device-heap", "512m",
                "--out", out.toString());
        assertEquals(0, r.code(), r.out() + r.err());
        List<RoundRow> rounds = RoundRow.read(out.resolve(RunFolder.ROUNDS));
        assertEquals(3, rounds.size(), r.out());
        for (RoundRow row : rounds) {
            assertTrue(row.aggregated(), "round " + row.round() + " aggregated");
            assertEquals(40, row.selected(), "round " + row.round());
            assertEquals(40, row.received(), "round " + row.round() + ": every selected device's update accepted");
            assertEquals(0, row.late() + row.rejected() + row.silent(), "round " + row.round());
        }
        assertTrue(Double.isNaN(rounds.get(0).testAccuracy()) && !Double.isNaN(rounds.get(2).testAccuracy()),
                "evaluated after the last round only");
        List<DeviceRow> devices = CsvTable.read(out.resolve(RunFolder.DEVICE_ROUNDS), DeviceRow.class);
        assertEquals(120, devices.size());
        assertEquals(120, devices.stream().filter(d -> d.status() == DeviceOutcome.Status.RECEIVED).count(), "all accepted");
    }
}
