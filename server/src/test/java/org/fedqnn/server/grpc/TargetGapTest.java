package org.fedqnn.server.grpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.fedqnn.proto.v2.RegisterResponse;
import org.fedqnn.qnn.train.Precision;
import org.fedqnn.server.RunSettings;
import org.fedqnn.server.TestSettings;
import org.fedqnn.server.measures.BoundPoint;
import org.fedqnn.server.measures.MeasureSettings;
import org.fedqnn.server.records.RunOutcome;
import org.fedqnn.server.strategy.DeviceSelector;
import org.junit.jupiter.api.Test;

/** The epsilon stop rule, and the gap it reads, over the real service (in-process gRPC). */
class TargetGapTest {

    /** Plays round 0 of a run of at most {@code maxRounds} rounds with both devices delivering. */
    private static RunOutcome oneRound(double fStar, double targetGap, int maxRounds) throws Exception {
        RunSettings base = StationHarness.settings(Precision.fixed(8), 2, 2, maxRounds, Duration.ofSeconds(30));
        MeasureSettings m = base.measures();
        RunSettings s = TestSettings.withMeasures(base, new MeasureSettings(m.energy(), m.cell(), m.paperBound(),
                fStar, "given", targetGap, 300, null));
        try (StationHarness h = new StationHarness(s)) {
            RegisterResponse[] devices = {h.register("d0"), h.register("d1")};
            int[] selected = DeviceSelector.select(s.seed(), 0, 2, 2);
            for (int k : selected) {
                StationHarness.Fetched f = h.fetch(devices[k]);
                assertEquals(io.grpc.Status.Code.OK, h.submit(h.update(f, StationHarness.delta(f, k))).getCode());
            }
            return h.awaitEnd();
        }
    }

    @Test
    void aRunStopsOnceTheGapIsWithinEpsilonAndSaysSo() throws Exception {
        RunOutcome o = oneRound(0.5, 100, 3);
        assertTrue(o.completed(), o.reason());
        assertEquals(1, o.rounds(), "stopped after the first round: " + o.reason());
        assertTrue(o.reason().startsWith("target loss gap 100.0 reached"), o.reason());
        BoundPoint b = o.bound();
        assertEquals(b.trainingLoss() - 0.5, b.gap(), 1e-12, "the gap is F(w) - F*");
        assertTrue(b.trainingLoss() > 0.5, "an MLP after one round is far from a loss of 0.5: " + b.trainingLoss());
    }

    @Test
    void aGapAboveEpsilonDoesNotStopTheRun() throws Exception {
        RunOutcome o = oneRound(0, 0.01, 1);
        assertTrue(o.bound().gap() > 0.01, "gap " + o.bound().gap());
        assertEquals("maximum rounds (1)", o.reason());
    }
}
