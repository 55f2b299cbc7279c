package org.fedqnn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.fedqnn.server.records.Manifest;
import org.fedqnn.server.records.RoundRow;
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
        for (String f : List.of("sweep.csv", "sweep-summary.csv", "sweep.md", "energy-to-target.png", "rounds-to-target.png",
                "accuracy-by-round.png", "energy-by-round.png", "run-n4/summary.md", "run-float32/summary.md")) {
            assertTrue(Files.isRegularFile(first.resolve(f)), f + " missing");
        }
        List<SweepRow> sweep = SweepRow.read(first.resolve("sweep.csv"));
        assertEquals(2, sweep.size(), sweep.toString());
        for (int row = 0; row < 2; row++) {
            SweepRow cells = sweep.get(row);
            String precision = cells.precision();
            assertEquals(row == 0 ? "float32" : "4", precision, "float32 runs first");
            List<RoundRow> rounds = RoundRow.read(first.resolve(row == 0 ? "run-float32" : "run-n4")
                    .resolve("rounds.csv"));
            RoundRow last = rounds.get(rounds.size() - 1);
            assertEquals(last.testAccuracy(), cells.finalAccuracy(), 1e-5, "final accuracy of " + precision);
            assertEquals(last.cumulativeJoules(), cells.totalJoules(), 1e-4 * last.cumulativeJoules());
            if (cells.reachedTarget()) {
                int t = cells.roundsToTarget();
                assertTrue(rounds.get(t - 1).testAccuracy() >= 0.30, "target reached in round " + t);
                assertTrue(t == 1 || rounds.get(t - 2).testAccuracy() < 0.30, "and not before");
                double toTarget = rounds.get(t - 1).cumulativeJoules();
                assertEquals(toTarget, cells.joulesToTarget(), 1e-4 * toTarget);
            }
            assertTrue(cells.predictedJoulesPaper() > 0);
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

    /**
     * Two seeds by two precisions: sweep.csv keeps one row per precision and seed, and
     * sweep-summary.csv each precision's mean and spread over the seeds, as sweep.md shows them.
     */
    @Test
    void seedsGiveOneRowEachAndAMeanAndSpreadPerPrecision() throws IOException {
        Path out = temp.resolve("seeds");
        MainTest.Result r = MainTest.run("sweep", "--model", "mlp", "--precisions", "2,4", "--seeds", "1,2",
                "--devices", "2", "--per-round", "2", "--local-steps", "2", "--batch", "8", "--rounds", "2",
                "--target-accuracy", "20", "--test-limit", "200", "--loss-samples", "100", "--device-jvms", "1",
                "--device-heap", "1g", "--monte-carlo", "50", "--out", out.toString());
        assertEquals(0, r.code(), r.out() + r.err());
        List<SweepRow> runs = SweepRow.read(out.resolve("sweep.csv"));
        assertEquals(List.of("2/1", "4/1", "2/2", "4/2"), runs.stream().map(x -> x.precision() + "/" + x.seed())
                .toList());
        assertTrue(runs.stream().allMatch(x -> x.axis().equals("training")));
        assertTrue(Files.isRegularFile(out.resolve("run-n4-seed2/rounds.csv")));
        List<SweepSummaryRow> spread = SweepSummaryRow.read(out.resolve("sweep-summary.csv"));
        assertEquals(List.of("2", "4"), spread.stream().map(SweepSummaryRow::precision).toList());
        for (SweepSummaryRow row : spread) {
            List<SweepRow> mine = runs.stream().filter(x -> x.precision().equals(row.precision())
                    && x.reachedTarget()).toList();
            assertEquals(2, row.runs());
            assertEquals(mine.size(), row.reached());
            double[] joules = mine.stream().mapToDouble(SweepRow::joulesToTarget).toArray();
            double[] rounds = mine.stream().mapToDouble(SweepRow::roundsToTarget).toArray();
            if (mine.isEmpty()) {
                assertTrue(Double.isNaN(row.joulesMean()), "no run reached: no mean");
                continue;
            }
            assertEquals(SweepSpread.mean(joules), row.joulesMean(), 1e-5 * row.joulesMean());
            if (mine.size() == 2) {
                double sd = Math.abs(joules[0] - joules[1]) / Math.sqrt(2);
                assertEquals(sd, row.joulesSd(), 1e-4 * row.joulesMean(), "sample sd of two values");
                assertEquals(Math.min(rounds[0], rounds[1]), row.roundsMin());
                assertEquals(Math.max(rounds[0], rounds[1]), row.roundsMax());
            }
        }
        String md = Files.readString(out.resolve("sweep.md"));
        assertTrue(md.contains("## Mean and spread over the seeds") && md.contains("| seeds | 1, 2 |"), md);
        assertTrue(md.contains("| training: n swept, m = n |"), md);
    }

    /**
     * --policies: after the fixed n of each seed, one run per adaptive policy with n up to --bits
     * (to a target none reaches, so that every run goes its 5 rounds),
     * its rows labelled with its name beside the fixed precisions' in sweep.csv, sweep-summary.csv
     * and sweep.md, and its rounds at the n the policy chose.
     */
    @Test
    void policiesRunBesideTheFixedPrecisionsWithARowEach() throws IOException {
        Path out = temp.resolve("policies");
        MainTest.Result r = MainTest.run("sweep", "--model", "mlp", "--precisions", "4", "--bits", "4", "--policies",
                "loss-driven:window=1,threshold=0.99,energy-aware:every=1", "--devices", "2", "--per-round", "2",
                "--local-steps", "2", "--batch", "8", "--rounds", "5", "--target-accuracy", "99", "--test-limit", "200",
                "--loss-samples", "100", "--device-jvms", "1", "--device-heap", "1g", "--monte-carlo", "50", "--out",
                out.toString());
        assertEquals(0, r.code(), r.out() + r.err());
        List<SweepRow> runs = SweepRow.read(out.resolve("sweep.csv"));
        assertEquals(List.of("4", "loss-driven", "energy-aware"), runs.stream().map(SweepRow::precision).toList());
        List<SweepSummaryRow> spread = SweepSummaryRow.read(out.resolve("sweep-summary.csv"));
        assertEquals(List.of("4", "loss-driven", "energy-aware"), spread.stream().map(SweepSummaryRow::precision)
                .toList());
        List<Integer> n = RoundRow.read(out.resolve("run-energy-aware/rounds.csv")).stream()
                .map(RoundRow::trainingN).toList();
        assertEquals(List.of(2, 4, 2, 4), n.subList(0, 4), "energy-aware explored n = 2 and 4 under --bits 4");
        assertEquals(List.of(2, 2, 3, 4, 4), RoundRow.read(out.resolve("run-loss-driven/rounds.csv")).stream()
                .map(RoundRow::trainingN).toList(), "loss-driven raised n each round from the second, up to 4");
        assertEquals("energy-aware:explore=4,low=2,high=4,min=2,max=4,every=1,margin=0.05",
                Manifest.read(out.resolve("run-energy-aware")).federation().precisionPolicy());
        assertEquals("fixed", Manifest.read(out.resolve("run-n4")).federation().precisionPolicy());
        String md = Files.readString(out.resolve("sweep.md"));
        assertTrue(md.contains("- Policy energy-aware: reached the target in 0 of 1 runs; mean final accuracy ")
                && md.contains("| energy-aware | 1 | not reached in 5 |"), md);
    }

    @Test
    void refusesBitsBecauseTheSweepSetsThePrecision() {
        MainTest.Result r = MainTest.run(new String[] {"sweep", "--bits", "4", "--out",
            temp.resolve("refused").toString()});
        assertTrue(r.code() != 0, r.out());
        assertTrue(r.err().contains("--precisions"), r.err());
    }
}
