package org.fedqnn.server.round;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.fedqnn.server.BelowQuorum;
import org.fedqnn.server.RunSettings;
import org.fedqnn.server.TestSettings;
import org.fedqnn.server.measures.BoundPoint;
import org.fedqnn.server.measures.MeasureSettings;
import org.fedqnn.server.measures.RoundEnergy;
import org.fedqnn.server.records.RoundRecord;
import org.junit.jupiter.api.Test;

/** The stop rules in their order, on hand-made round records. */
class StopRulesTest {

    private static RoundRecord round(long t, boolean aggregated, double accuracy, double gap) {
        return new RoundRecord(t, t, 2, aggregated ? 2 : 0, 0, 0, aggregated ? 0 : 2, aggregated, 0.1, accuracy, 1.0,
                1.0, 0, 0, 0, 0, 0, 0, 0, List.of(), new RoundEnergy(0, 0, 0, 0, 0, 0),
                new BoundPoint(t, gap, gap, 1, 1, 1, 1));
    }

    private static RunSettings with(RunSettings s, double targetAccuracy, BelowQuorum below, int repeats,
                                    MeasureSettings measures) {
        return new RunSettings(s.model(), s.trainingPrecision(), s.uplinkPrecision(), s.devices(), s.devicesPerRound(),
                s.localSteps(), s.batchSize(), s.learningRate(), s.seed(), s.dataset(), s.datasetSha256(),
                s.partitioner(), s.maxRounds(), targetAccuracy, s.quorum(), below, repeats, s.roundDeadline(),
                s.registrationTimeout(), s.pollWindow(), s.maxChunkPayloadBytes(), s.maxConcurrentUploads(),
                s.testLimit(), measures);
    }

    @Test
    void aRoundBelowQuorumIsRepeatedAtMostMaxRepeatsTimesInARow() {
        RunSettings base = TestSettings.settings(4, 2, 1, 8, 0);
        StopRules rules = new StopRules(with(base, Double.NaN, BelowQuorum.REPEAT, 2, base.measures()));
        assertNull(rules.afterRound(round(0, false, 0.1, 1)));
        assertNull(rules.afterRound(round(1, false, 0.1, 1)));
        assertNull(rules.afterRound(round(2, true, 0.1, 1)), "an aggregation resets the count");
        assertNull(rules.afterRound(round(3, false, 0.1, 1)));
        assertNull(rules.afterRound(round(4, false, 0.1, 1)));
        StopRules.Stop stop = rules.afterRound(round(5, false, 0.1, 1));
        assertFalse(stop.completed());
        assertTrue(stop.reason().contains("3 rounds in a row"), stop.reason());

        StopRules strict = new StopRules(with(base, Double.NaN, BelowQuorum.STOP, 2, base.measures()));
        assertTrue(strict.afterRound(round(0, false, 0.1, 1)).reason().contains("below the quorum of 1"));
    }

    @Test
    void theTargetGapIsAskedBeforeTheTargetAccuracy() {
        RunSettings base = TestSettings.settings(4, 2, 1, 8, 0);
        MeasureSettings m = base.measures();
        MeasureSettings gap = new MeasureSettings(m.energy(), m.cell(), m.paperBound(), m.fStar(), m.fStarSource(),
                0.05, m.lossSamples(), null);
        StopRules rules = new StopRules(with(base, 0.8, BelowQuorum.REPEAT, 3, gap));
        assertNull(rules.afterRound(round(0, true, 0.5, 0.2)));
        StopRules.Stop accuracy = rules.afterRound(round(1, true, 0.8, 0.2));
        assertTrue(accuracy.completed());
        assertEquals("target accuracy 80.00% reached", accuracy.reason());
        StopRules.Stop both = rules.afterRound(round(2, true, 0.9, 0.01));
        assertTrue(both.reason().startsWith("target loss gap 0.05000 reached"), both.reason());
        assertEquals("maximum rounds (5)", rules.maxRounds().reason());
    }
}
