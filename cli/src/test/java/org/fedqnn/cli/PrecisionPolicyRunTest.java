package org.fedqnn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.fedqnn.server.records.CsvTable;
import org.fedqnn.server.records.DeviceRow;
import org.fedqnn.server.records.Manifest;
import org.fedqnn.server.records.RoundRow;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --precision-policy loss-driven} in a real run (mlp, a device JVM on loopback, real
 * Fashion-MNIST): the n of each round in rounds.csv climbs as the policy raises it, the devices
 * train and send at it, the manifest and the summary name the policy, and a rerun from the
 * manifest runs the same policy to the same rounds. Bounded by its rounds.
 */
class PrecisionPolicyRunTest {

    /** Raises n after every round past the first: any relative decrease below 99% is a "plateau". */
    static final String EAGER = "loss-driven:start=2,window=1,threshold=0.99";

    @TempDir
    static Path temp;

    @BeforeAll
    static void needsData() {
        Assumptions.assumeTrue(Files.isDirectory(Path.of("/usr/share/datasets/fashion-mnist")),
                "Fashion-MNIST is not installed (setup.sh installs it)");
    }

    @Test
    void lossDrivenRaisesNRoundByRoundAndTheManifestRepeatsThePolicy() throws IOException {
        Path first = temp.resolve("first");
        MainTest.Result r = MainTest.run("run", "--model", "mlp", "--bits", "4", "--precision-policy", EAGER,
                "--devices", "2", "--per-round", "2", "--local-steps", "2", "--batch", "8", "--rounds", "4",
                "--test-limit", "200", "--loss-samples", "100", "--seed", "7", "--device-jvms", "1",
                "--device-heap", "1g", "--out", first.toString());
        assertEquals(0, r.code(), r.out() + r.err());
        List<RoundRow> rounds = RoundRow.read(first.resolve("rounds.csv"));
        assertEquals(List.of(2, 2, 3, 4), rounds.stream().map(RoundRow::trainingN).toList(),
                "n starts at 2 and is raised after each round from the second, up to --bits 4");
        assertEquals(List.of(2, 2, 3, 4), rounds.stream().map(RoundRow::uplinkM).toList(), "m = n");
        List<DeviceRow> devices = CsvTable.read(first.resolve("device-rounds.csv"), DeviceRow.class);
        long bytesAt2 = devices.stream().filter(d -> d.round() == 0).mapToLong(DeviceRow::payloadBytes).sum();
        long bytesAt4 = devices.stream().filter(d -> d.round() == 3).mapToLong(DeviceRow::payloadBytes).sum();
        assertTrue(bytesAt4 > 1.5 * bytesAt2, "the devices sent at the round's m: " + bytesAt2 + " then "
                + bytesAt4 + " bytes");
        Manifest m = Manifest.read(first);
        assertEquals("loss-driven:start=2,max=4,step=+1,window=1,threshold=0.99", m.federation().precisionPolicy());
        String summary = Files.readString(first.resolve("summary.md"));
        assertTrue(summary.contains("| precision_policy | loss-driven:start=2"), summary);
        assertTrue(summary.contains("![precision](precision.png)") && Files.isRegularFile(first.resolve(
                "precision.png")), summary);
        assertTrue(summary.contains("| 3 | 3 / 3 |"), "the rounds table gives n / m: " + summary);

        Path second = temp.resolve("second");
        MainTest.Result again = MainTest.run("run", "--config", first.resolve("manifest.json").toString(), "--out",
                second.toString());
        assertEquals(0, again.code(), again.out() + again.err());
        assertEquals(m.federation().precisionPolicy(), Manifest.read(second).federation().precisionPolicy());
        assertEquals(FederatedRunTest.untimed(rounds), FederatedRunTest.untimed(RoundRow.read(
                second.resolve("rounds.csv"))), "the rerun chose the same n each round and measured the same");
    }

    @Test
    void lossDrivenIsRefusedWhereItDoesNotApply() {
        MainTest.Result sweep = MainTest.run("sweep", "--precision-policy", "loss-driven", "--out",
                temp.resolve("sweep").toString());
        assertTrue(sweep.code() != 0 && sweep.err().contains("fedqnn run"), sweep.err());
        MainTest.Result allocator = MainTest.run("run", "--precision-policy", "loss-driven", "--allocator", "uniform",
                "--out", temp.resolve("alloc").toString());
        assertTrue(allocator.code() != 0 && allocator.err().contains("--allocator"), allocator.err());
        MainTest.Result bad = MainTest.run("run", "--precision-policy", "loss-driven:start=9", "--out",
                temp.resolve("bad").toString());
        assertTrue(bad.code() != 0 && bad.err().contains("start must be in 1..8"), bad.err());
    }
}
