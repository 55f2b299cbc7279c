package org.fedqnn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.fedqnn.server.records.CsvTable;
import org.fedqnn.server.records.RoundRow;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code fedqnn optimize --calibrate} on two tiny real pilots (mlp, 3 rounds at n = 4 and
 * n = 8, each a federated run with its own base station and device JVM on loopback, on real
 * Fashion-MNIST), and its errors.
 */
class OptimizeCalibrateTest {

    @TempDir
    static Path temp;

    static Path n4;
    static Path n8;

    @BeforeAll
    static void pilots() {
        Assumptions.assumeTrue(Files.isDirectory(Path.of("/usr/share/datasets/fashion-mnist")),
                "Fashion-MNIST is not installed (setup.sh installs it)");
        n4 = pilot(4);
        n8 = pilot(8);
    }

    private static Path pilot(int bits) {
        Path out = temp.resolve("pilot-n" + bits);
        MainTest.Result r = MainTest.run("run", "--model", "mlp", "--bits", Integer.toString(bits), "--devices", "2",
                "--per-round", "2", "--local-steps", "10", "--batch", "16", "--rounds", "3", "--target-accuracy", "95",
                "--test-limit", "200", "--loss-samples", "100", "--device-jvms", "1", "--device-heap", "1g", "--seed",
                "3", "--out", out.toString());
        assertEquals(0, r.code(), r.out() + r.err());
        return out;
    }

    @Test
    void printsTheCalibratedAndThePaperNStarAndWritesTheTable() throws IOException {
        Path csv = temp.resolve("calibrated.csv");
        MainTest.Result r = MainTest.run("optimize", "--calibrate", n4.toString(), n8.toString(), "--target-loss",
                "1.0", "--monte-carlo", "50", "--out", csv.toString());
        assertEquals(0, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("n* calibrated = "), r.out());
        assertTrue(r.out().contains("n* paper = "), r.out());
        assertTrue(r.out().contains("<- n* calibrated"), r.out());
        List<CalibratedRow> rows = CsvTable.read(csv, CalibratedRow.class);
        assertEquals(17, rows.size(), "n = 1..16 and float32");
        assertEquals("float32", rows.get(16).precision());
        assertTrue(r.out().contains("k_cap = "), r.out());
        assertTrue(r.out().contains("(+-"), "standard errors printed: " + r.out());
        for (CalibratedRow row : rows) {
            assertEquals(1.0, row.targetLoss(), 0, "--target-loss holds every n to it: " + row.precision());
            assertTrue(row.lossFloor() >= 0, "F*(n) >= F* = 0 at " + row.precision());
        }
        assertEquals(0, rows.get(16).lossFloor(), "float32's floor is F*");
        // a round's compute at a pilot's n is what the ledger charged there, per round
        for (Path pilot : List.of(n4, n8)) {
            List<RoundRow> rounds = RoundRow.read(pilot.resolve("rounds.csv"));
            double mean = rounds.stream().mapToDouble(RoundRow::computeJoules).average().orElseThrow();
            CalibratedRow row = rows.get(pilot == n4 ? 3 : 7);
            assertEquals(mean, row.roundComputeJoules(), 1e-4 * mean, "compute per round at " + row.precision()
                    + " (rounds.csv keeps 6 digits)");
            assertTrue(row.roundUplinkJoules() > 0);
        }
        for (int i = 1; i < 16; i++) {
            assertTrue(rows.get(i).roundJoules() > rows.get(i - 1).roundJoules(), "a round costs more at higher n");
            assertTrue(rows.get(i).quantizationVariance() <= rows.get(i - 1).quantizationVariance());
            assertTrue(rows.get(i).quantizationVariance() <= rows.get(i).lemmaBound(), "under Lemma 1's bound");
        }
    }

    @Test
    void clearErrors() throws IOException {
        Path empty = Files.createDirectories(temp.resolve("not-a-run"));
        assertError(List.of("optimize", "--calibrate", empty.toString(), n8.toString()), "is not a run folder");
        assertError(List.of("optimize", "--calibrate", n4.toString(), n4.toString()), "two precisions");

        Path shortRun = Files.createDirectories(temp.resolve("short"));
        for (String f : List.of("manifest.json", "device-rounds.csv")) {
            Files.copy(n4.resolve(f), shortRun.resolve(f));
        }
        List<String> lines = Files.readAllLines(n4.resolve("rounds.csv"));
        Files.write(shortRun.resolve("rounds.csv"), lines.subList(0, 3));
        assertError(List.of("optimize", "--calibrate", shortRun.toString(), n8.toString()), "at least 3");
        assertError(List.of("optimize", "paper-cnn", "--calibrate", n4.toString(), n8.toString()),
                "give no model spec");
        assertError(List.of("optimize", "paper-cnn", "--target-loss", "1"), "go with --calibrate");
    }

    private static void assertError(List<String> args, String expected) {
        MainTest.Result r = MainTest.run(args.toArray(String[]::new));
        assertNotEquals(0, r.code(), r.out());
        assertTrue(r.err().contains(expected), "expected '" + expected + "' in: " + r.err());
    }
}
