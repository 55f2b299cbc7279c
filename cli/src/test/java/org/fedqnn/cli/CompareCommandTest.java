package org.fedqnn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.fedqnn.server.records.CsvTable;
import org.fedqnn.server.records.RoundRow;
import org.fedqnn.server.records.TimeRow;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code fedqnn compare} on a tiny real configuration: two policies under the three tiers, each
 * a federated run with its own base station and device JVM on loopback, on real Fashion-MNIST;
 * bounded by its rounds.
 */
class CompareCommandTest {

    @TempDir
    static Path temp;

    @BeforeAll
    static void needsData() {
        Assumptions.assumeTrue(Files.isDirectory(Path.of("/usr/share/datasets/fashion-mnist")),
                "Fashion-MNIST is not installed (setup.sh installs it)");
    }

    private static String[] args(Path out) {
        return new String[] {"compare", "--model", "mlp", "--bits", "8", "--policies", "uniform:8,layerwise",
            "--scenario", "tiers", "--budget-bits-per-weight", "3", "--devices", "3", "--per-round", "3",
            "--local-steps", "2", "--batch", "8", "--rounds", "2", "--target-accuracy", "30", "--test-limit", "200",
            "--loss-samples", "100", "--device-jvms", "1", "--device-heap", "1g", "--seed", "3", "--out",
            out.toString()};
    }

    @Test
    void writesItsTableReportAndPicturesAndTheSameSeedGivesTheSameTable() throws IOException {
        Path first = temp.resolve("first");
        MainTest.Result r = MainTest.run(args(first));
        assertEquals(0, r.code(), r.out() + r.err());
        for (String f : List.of("compare.csv", "compare.md", "accuracy-vs-time.png", "accuracy-vs-bits.png",
                "accuracy-vs-joules.png", "run-uniform-8/summary.md", "run-layerwise-analytic/summary.md")) {
            assertTrue(Files.isRegularFile(first.resolve(f)) && Files.size(first.resolve(f)) > 0, f + " missing");
        }
        List<CompareRow> rows = CompareRow.read(first.resolve("compare.csv"));
        assertEquals(List.of("uniform:8", "layerwise:analytic"), rows.stream().map(CompareRow::policy).toList());
        for (CompareRow row : rows) {
            Path run = first.resolve("run-" + row.policy().replace(':', '-'));
            List<RoundRow> rounds = RoundRow.read(run.resolve("rounds.csv"));
            List<TimeRow> times = CsvTable.read(run.resolve("times.csv"), TimeRow.class);
            assertEquals(2, row.roundsRun(), "every policy runs all rounds");
            assertEquals(rounds.get(1).testAccuracy(), row.finalAccuracy(), 1e-5);
            assertEquals(times.get(1).cumulativeModelledSeconds(), row.totalModelledSeconds(),
                    1e-5 * row.totalModelledSeconds());
            assertEquals(rounds.get(1).cumulativeUplinkBits(), row.totalUplinkBits(), 1e-5 * row.totalUplinkBits());
            if (row.reachedTarget()) {
                int t = row.roundsToTarget();
                assertTrue(rounds.get(t - 1).testAccuracy() >= 0.30 && (t == 1
                        || rounds.get(t - 2).testAccuracy() < 0.30), "target first reached in round " + t);
                assertEquals(times.get(t - 1).cumulativeModelledSeconds(), row.modelledSecondsToTarget(),
                        1e-5 * row.modelledSecondsToTarget());
            }
        }
        CompareRow uniform = rows.get(0);
        CompareRow layerwise = rows.get(1);
        assertEquals(8, uniform.uplinkBits());
        assertEquals(layerwise.uploadWindow(), uniform.uploadWindow(), 1e-9, "one budget for every policy");
        assertTrue(layerwise.totalUplinkBits() < uniform.totalUplinkBits(),
                "at 3 bits a weight on average, layerwise sends less than uniform at 8: " + layerwise.totalUplinkBits()
                        + " against " + uniform.totalUplinkBits());
        String md = Files.readString(first.resolve("compare.md"));
        assertTrue(md.contains("![accuracy-vs-time](accuracy-vs-time.png)") && md.contains("| uniform:8 |"), md);

        Path second = temp.resolve("second");
        MainTest.Result again = MainTest.run(args(second));
        assertEquals(0, again.code(), again.out() + again.err());
        assertEquals(Files.readString(first.resolve("compare.csv")), Files.readString(second.resolve("compare.csv")),
                "same seed, same comparison table");
    }

    @Test
    void badPoliciesAndAProfilesFileThatDoesNotFitAreRefusedByName() throws IOException {
        MainTest.Result policy = MainTest.run("compare", "--policies", "uniform:7", "--out",
                temp.resolve("refused").toString());
        assertEquals(1, policy.code(), policy.out());
        assertTrue(policy.err().contains("uniform:7"), policy.err());
        Path profiles = temp.resolve("two.csv");
        Files.writeString(profiles, "uplink_bits_per_second,macs_per_second\n1e6,1e9\n1e7,oops\n");
        MainTest.Result file = MainTest.run("run", "--model", "mlp", "--devices", "2", "--per-round", "2",
                "--profiles", profiles.toString(), "--out", temp.resolve("refused-run").toString());
        assertEquals(1, file.code(), file.out());
        assertTrue(file.err().contains("line 3") && file.err().contains("macs_per_second"), file.err());
        MainTest.Result both = MainTest.run("run", "--model", "mlp", "--devices", "2", "--per-round", "2",
                "--allocator", "layerwise", "--upload-window", "1", "--budget-bits-per-weight", "2", "--out",
                temp.resolve("refused-both").toString());
        assertEquals(1, both.code(), both.out());
        assertTrue(both.err().contains("not both"), both.err());
    }
}
