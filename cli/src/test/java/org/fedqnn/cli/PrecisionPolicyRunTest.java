package org.fedqnn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.fedqnn.qnn.train.Precision;
import org.fedqnn.server.calibrate.CalibratedPredictor;
import org.fedqnn.server.calibrate.PilotRuns;
import org.fedqnn.server.calibrate.RoundObservation;
import org.fedqnn.server.records.CsvTable;
import org.fedqnn.server.records.DeviceOutcome;
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
        List<RoundRow> rounds = runMlp(first, EAGER, "--devices", "2", "--per-round", "2", "--rounds", "4");
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
        assertRerunRepeats(first, second, rounds, "the rerun chose the same n each round and measured the same");
        assertEquals(m.federation().precisionPolicy(), Manifest.read(second).federation().precisionPolicy());
    }

    /**
     * energy-aware: 4 rounds exploring n = 2 and 4, then at round 4 the n that a calibrated
     * predictor fitted on those rounds' figures in rounds.csv and device-rounds.csv puts best per
     * joule, kept in round 5 (every=3); the rerun from the manifest chooses the same.
     */
    @Test
    void energyAwareExploresThenTakesThePredictorsChoiceAndTheRerunRepeatsIt() throws IOException {
        Path first = temp.resolve("energy");
        List<RoundRow> rounds = runMlp(first, "energy-aware:every=3,margin=0", "--devices", "2", "--per-round", "2",
                "--rounds", "6");
        List<Integer> n = rounds.stream().map(RoundRow::trainingN).toList();
        assertEquals(List.of(2, 4, 2, 4), n.subList(0, 4), "exploration: low = 2, high = 4 alternating");
        Manifest m = Manifest.read(first);
        assertEquals("energy-aware:explore=4,low=2,high=4,min=2,max=4,every=3,margin=0.0",
                m.federation().precisionPolicy());
        CalibratedPredictor predictor = new CalibratedPredictor(PilotRuns.setup(m), m.measures().fStar());
        List<DeviceRow> devices = CsvTable.read(first.resolve("device-rounds.csv"), DeviceRow.class);
        for (RoundRow row : rounds.subList(0, 4)) {
            predictor.observe(observation(row, devices, m.federation().localSteps()));
        }
        Precision expected = predictor.bestPrecisionPerJoule(List.of(Precision.fixed(2), Precision.fixed(3),
                Precision.fixed(4)));
        assertEquals(List.of(expected.bits(), expected.bits()), n.subList(4, 6),
                "round 4 takes the predictor's n, round 5 keeps it");
        assertEquals(n, rounds.stream().map(RoundRow::uplinkM).toList(), "m = n");

        assertRerunRepeats(first, temp.resolve("energy-again"), rounds,
                "the rerun chose the same n each round and measured the same");
    }

    /**
     * energy-aware with devices=1-2 of K = 3: the exploration rounds select one device, the one
     * the seed's shuffle puts first, and aggregate it alone (below the run's quorum); later rounds
     * select one or two; the rerun from the manifest selects the same.
     */
    @Test
    void energyAwareWithDevicesSelectsFewerThanKAndTheRerunRepeatsIt() throws IOException {
        Path first = temp.resolve("participation");
        List<RoundRow> rounds = runMlp(first, "energy-aware:every=1,margin=0,devices=1-2", "--devices", "3",
                "--per-round", "3", "--quorum", "3", "--rounds", "6");
        assertEquals(6, rounds.size());
        List<DeviceRow> devices = CsvTable.read(first.resolve("device-rounds.csv"), DeviceRow.class);
        for (RoundRow row : rounds) {
            List<Integer> received = devices.stream().filter(d -> d.round() == row.round()
                    && d.status() == DeviceOutcome.Status.RECEIVED).map(DeviceRow::device).toList();
            if (row.round() < 4) {
                assertEquals(1, row.selected(), "exploration at the fewest devices, round " + row.round());
            }
            assertTrue(row.selected() >= 1 && row.selected() <= 2, "within devices=1-2: " + row);
            assertTrue(row.aggregated() && row.received() == row.selected(), "a round of fewer devices than the "
                    + "quorum of 3 aggregates when all it selected answer: " + row);
            int[] expected = org.fedqnn.server.strategy.DeviceSelector.select(7, row.round(), 3, row.selected());
            assertEquals(java.util.Arrays.stream(expected).boxed().toList(), received,
                    "the first K_t of the seed's shuffle, round " + row.round());
        }
        assertEquals("energy-aware:explore=4,low=2,high=4,min=2,max=4,every=1,margin=0.0,devices=1-2",
                Manifest.read(first).federation().precisionPolicy());

        assertRerunRepeats(first, temp.resolve("participation-again"), rounds,
                "the rerun selected the same devices and measured the same");
    }

    /**
     * A real run of the mlp at n = 4 (one device JVM, I = 2, batch 8, seed 7, 200 test images)
     * under {@code policy} into {@code out}, with the federation options {@code federation};
     * its rounds.csv.
     */
    private static List<RoundRow> runMlp(Path out, String policy, String... federation) throws IOException {
        List<String> args = new java.util.ArrayList<>(List.of("run", "--model", "mlp", "--bits", "4",
                "--precision-policy", policy, "--local-steps", "2", "--batch", "8", "--test-limit", "200",
                "--loss-samples", "100", "--seed", "7", "--device-jvms", "1", "--device-heap", "1g", "--out",
                out.toString()));
        args.addAll(List.of(federation));
        MainTest.Result r = MainTest.run(args.toArray(String[]::new));
        assertEquals(0, r.code(), r.out() + r.err());
        return RoundRow.read(out.resolve("rounds.csv"));
    }

    /** Reruns {@code first} from its manifest into {@code second}: every round as {@code rounds}, times aside. */
    private static void assertRerunRepeats(Path first, Path second, List<RoundRow> rounds, String message)
            throws IOException {
        MainTest.Result again = MainTest.run("run", "--config", first.resolve("manifest.json").toString(), "--out",
                second.toString());
        assertEquals(0, again.code(), again.out() + again.err());
        assertEquals(FederatedRunTest.untimed(rounds), FederatedRunTest.untimed(RoundRow.read(
                second.resolve("rounds.csv"))), message);
    }

    /** A round of rounds.csv as the predictor takes it, its gradient figures averaged over device-rounds.csv. */
    private static RoundObservation observation(RoundRow r, List<DeviceRow> devices, int localSteps) {
        List<DeviceRow> received = devices.stream().filter(d -> d.round() == r.round()
                && d.status() == DeviceOutcome.Status.RECEIVED).toList();
        return new RoundObservation("run", r.round(), Precision.fixed(r.trainingN()), r.learningRate(),
                r.trainingLoss(), r.testAccuracy(), r.received(), localSteps,
                received.stream().mapToDouble(DeviceRow::meanSquaredGradientNorm).average().orElse(Double.NaN),
                received.stream().mapToDouble(DeviceRow::gradientVariance).average().orElse(Double.NaN),
                r.computeJoules(), r.uplinkJoules(), r.uplinkBits(),
                received.stream().mapToDouble(DeviceRow::quantizationVariance).average().orElse(Double.NaN));
    }

    @Test
    void lossDrivenIsRefusedWhereItDoesNotApply() {
        MainTest.Result sweep = MainTest.run("sweep", "--precision-policy", "loss-driven", "--out",
                temp.resolve("sweep").toString());
        assertTrue(sweep.code() != 0 && sweep.err().contains("fedqnn run"), sweep.err());
        MainTest.Result badPolicy = MainTest.run("sweep", "--precisions", "4", "--policies", "energy-aware:low=9",
                "--test-limit", "10", "--out", temp.resolve("sweep-bad").toString());
        assertTrue(badPolicy.code() != 0 && badPolicy.err().contains("low = 9"), "refused before any run: "
                + badPolicy.err());
        assertTrue(!Files.exists(temp.resolve("sweep-bad/run-n4")), "no run started");
        MainTest.Result uplink = MainTest.run("sweep", "--axis", "uplink", "--policies", "energy-aware", "--out",
                temp.resolve("sweep-uplink").toString());
        assertTrue(uplink.code() != 0 && uplink.err().contains("--axis training"), uplink.err());
        MainTest.Result allocator = MainTest.run("run", "--precision-policy", "loss-driven", "--allocator", "uniform",
                "--out", temp.resolve("alloc").toString());
        assertTrue(allocator.code() != 0 && allocator.err().contains("--allocator"), allocator.err());
        MainTest.Result bad = MainTest.run("run", "--precision-policy", "loss-driven:start=9", "--out",
                temp.resolve("bad").toString());
        assertTrue(bad.code() != 0 && bad.err().contains("start must be in 1..8"), bad.err());
    }
}
