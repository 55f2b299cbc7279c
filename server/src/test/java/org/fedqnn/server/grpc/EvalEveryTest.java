package org.fedqnn.server.grpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.Status;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.fedqnn.proto.v2.RegisterResponse;
import org.fedqnn.qnn.train.Precision;
import org.fedqnn.server.RunSettings;
import org.fedqnn.server.records.RoundRow;
import org.fedqnn.server.records.RunFolder;
import org.fedqnn.server.records.RunOutcome;
import org.fedqnn.server.strategy.PaperFedAvg;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --eval-every R} over the real service: the model is evaluated after every R-th round and
 * after the last; the other rounds leave the accuracy, loss and gap columns of rounds.csv empty;
 * the target accuracy acts only on evaluated rounds.
 */
class EvalEveryTest {

    /** Plays {@code rounds} rounds of a run with both of two devices delivering; the run folder is {@code run}. */
    private static RunOutcome play(RunSettings s, int rounds, Path run) throws Exception {
        try (StationHarness h = new StationHarness(s, layout -> new PaperFedAvg(s, layout), null, run)) {
            RegisterResponse[] devices = {h.register("d0"), h.register("d1")};
            for (int t = 0; t < rounds; t++) {
                for (RegisterResponse d : devices) {
                    StationHarness.Fetched f = h.fetch(d);
                    assertEquals(Status.Code.OK, h.submit(h.update(f, StationHarness.delta(f, 10L * t + 1)))
                            .getCode());
                }
            }
            return h.awaitEnd();
        }
    }

    @Test
    void onlyEveryRthRoundAndTheLastAreEvaluated(@TempDir Path dir) throws Exception {
        RunSettings s = StationHarness.settings(Precision.fixed(8), 2, 2, 5, Duration.ofSeconds(30))
                .withEvaluateEvery(2);
        Path run = dir.resolve("run");
        RunOutcome o = play(s, 5, run);
        assertEquals(5, o.rounds(), o.reason());
        List<RoundRow> rows = RoundRow.read(run.resolve(RunFolder.ROUNDS));
        boolean[] evaluated = {false, true, false, true, true};
        for (int t = 0; t < 5; t++) {
            RoundRow r = rows.get(t);
            assertEquals(evaluated[t], !Double.isNaN(r.testAccuracy()), "round " + t + " test accuracy");
            assertEquals(evaluated[t], !Double.isNaN(r.testLoss()), "round " + t + " test loss");
            assertEquals(evaluated[t], !Double.isNaN(r.trainingLoss()), "round " + t + " training loss");
            assertEquals(evaluated[t], !Double.isNaN(r.lossGap()), "round " + t + " loss gap");
            assertEquals(evaluated[t], r.evaluationSeconds() > 0, "round " + t + " evaluation seconds");
        }
        String[] lines = Files.readAllLines(run.resolve(RunFolder.ROUNDS)).toArray(new String[0]);
        assertTrue(lines[1].contains(",,"), "an empty cell in round 0's row: " + lines[1]);
        assertEquals(rows.get(4).testAccuracy(), o.finalAccuracy(), "the outcome has the last round's figures");
        assertTrue(Files.isRegularFile(run.resolve("summary.md")), "the report is written");
    }

    @Test
    void everyRoundByDefaultAsBefore(@TempDir Path dir) throws Exception {
        RunSettings s = StationHarness.settings(Precision.fixed(8), 2, 2, 2, Duration.ofSeconds(30));
        assertEquals(1, s.evaluateEvery());
        Path run = dir.resolve("run");
        play(s, 2, run);
        for (RoundRow r : RoundRow.read(run.resolve(RunFolder.ROUNDS))) {
            assertFalse(Double.isNaN(r.testAccuracy()), "round " + r.round());
        }
    }

    @Test
    void theTargetAccuracyActsOnlyOnEvaluatedRounds(@TempDir Path dir) throws Exception {
        RunSettings base = StationHarness.settings(Precision.fixed(8), 2, 2, 4, Duration.ofSeconds(30));
        RunSettings s = new RunSettings(base.model(), base.trainingPrecision(), base.uplinkPrecision(),
                base.devices(), base.devicesPerRound(), base.localSteps(), base.batchSize(), base.learningRate(),
                base.seed(), base.dataset(), base.datasetSha256(), base.partitioner(), base.maxRounds(), 0.001,
                base.quorum(), base.belowQuorum(), base.maxRepeats(), base.roundDeadline(),
                base.registrationTimeout(), base.pollWindow(), base.maxChunkPayloadBytes(),
                base.maxConcurrentUploads(), base.testLimit(), base.measures(), base.limits(), base.costMismatch(), 3);
        RunOutcome o = play(s, 3, dir.resolve("run"));
        assertEquals(3, o.rounds(), "a 0.1% target is met by any model, but rounds 1 and 2 are not evaluated: "
                + o.reason());
        assertTrue(o.reason().startsWith("target accuracy"), o.reason());
    }

    @Test
    void rZeroIsRefusedWithTheOptionsName() throws Exception {
        RunSettings s = StationHarness.settings(Precision.fixed(8), 2, 2, 2, Duration.ofSeconds(30));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> s.withEvaluateEvery(0));
        assertTrue(e.getMessage().contains("--eval-every"), e.getMessage());
    }
}
