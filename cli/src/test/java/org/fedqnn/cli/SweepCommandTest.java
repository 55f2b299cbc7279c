package org.fedqnn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code fedqnn sweep} on a tiny real configuration: two precisions, each a federated run with
 * its own base station and device JVM on loopback, on real Fashion-MNIST; bounded by its rounds.
 */
class SweepCommandTest {

    @TempDir
    static Path temp;

    @BeforeAll
    static void needsData() {
        Assumptions.assumeTrue(Files.isDirectory(Path.of("/usr/share/datasets/fashion-mnist")),
                "Fashion-MNIST is not installed (setup.sh installs it)");
    }

    private static String[] args(Path out) {
        return new String[] {"sweep", "--model", "mlp", "--precisions", "4,float", "--devices", "2", "--per-round",
            "2", "--local-steps", "2", "--batch", "8", "--rounds", "2", "--target-accuracy", "30", "--test-limit",
            "200", "--loss-samples", "100", "--device-jvms", "1", "--device-heap", "1g", "--monte-carlo", "50",
            "--seed", "3", "--out", out.toString()};
    }

    @Test
    void writesItsTableReportAndPicturesAndTheSameSeedGivesTheSameTable() throws IOException {
        Path first = temp.resolve("first");
        MainTest.Result r = MainTest.run(args(first));
        assertEquals(0, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("Predicted n* (paper's parameters)"), r.out());
        for (String f : List.of("sweep.csv", "sweep.md", "energy-to-target.png", "rounds-to-target.png",
                "accuracy-by-round.png", "energy-by-round.png", "run-n4/summary.md", "run-float32/summary.md")) {
            assertTrue(Files.isRegularFile(first.resolve(f)), f + " missing");
        }
        List<String> csv = Files.readAllLines(first.resolve("sweep.csv"));
        assertEquals(SweepReport.CSV_HEADER, csv.get(0));
        assertEquals(3, csv.size(), String.join("\n", csv));
        List<String> header = List.of(csv.get(0).split(","));
        for (int row = 1; row <= 2; row++) {
            String[] cells = csv.get(row).split(",", -1);
            String precision = cells[0];
            assertEquals(row == 1 ? "float32" : "4", precision, "float32 runs first");
            RoundsTable rounds = RoundsTable.read(first.resolve(row == 1 ? "run-float32" : "run-n4")
                    .resolve("rounds.csv"));
            int last = rounds.size() - 1;
            assertEquals(rounds.number(last, "test_accuracy"), Double.parseDouble(cells[header.indexOf(
                    "final_accuracy")]), 1e-5, "final accuracy of " + precision);
            double total = rounds.number(last, "cumulative_compute_j") + rounds.number(last, "cumulative_uplink_j");
            assertEquals(total, Double.parseDouble(cells[header.indexOf("total_j")]), 1e-4 * total);
            if (Boolean.parseBoolean(cells[header.indexOf("reached_target")])) {
                int t = Integer.parseInt(cells[header.indexOf("rounds_to_target")]);
                assertTrue(rounds.number(t - 1, "test_accuracy") >= 0.30, "target reached in round " + t);
                assertTrue(t == 1 || rounds.number(t - 2, "test_accuracy") < 0.30, "and not before");
                double toTarget = rounds.number(t - 1, "cumulative_compute_j")
                        + rounds.number(t - 1, "cumulative_uplink_j");
                assertEquals(toTarget, Double.parseDouble(cells[header.indexOf("joules_to_target")]), 1e-4 * toTarget);
            }
            assertTrue(Double.parseDouble(cells[header.indexOf("predicted_f_E_paper_j")]) > 0);
        }
        assertTrue(Files.readString(first.resolve("run-n4/summary.md")).contains("Against the float32 baseline in "
                + first.resolve("run-float32")), "the n-bit run's report compares with the float32 run");
        String md = Files.readString(first.resolve("sweep.md"));
        assertTrue(md.contains("![energy-to-target](energy-to-target.png)"), md);
        assertTrue(md.contains("| 4 |") && md.contains("| float32 |"), md);

        Path second = temp.resolve("second");
        MainTest.Result again = MainTest.run(args(second));
        assertEquals(0, again.code(), again.out() + again.err());
        assertEquals(Files.readString(first.resolve("sweep.csv")), Files.readString(second.resolve("sweep.csv")),
                "same seed, same sweep table");
    }

    @Test
    void refusesBitsBecauseTheSweepSetsThePrecision() {
        MainTest.Result r = MainTest.run(new String[] {"sweep", "--bits", "4", "--out",
            temp.resolve("refused").toString()});
        assertTrue(r.code() != 0, r.out());
        assertTrue(r.err().contains("--precisions"), r.err());
    }
}
