package org.fedqnn.server.strategy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.fedqnn.qnn.train.Precision;
import org.fedqnn.server.GlobalModel;
import org.fedqnn.server.Parts;
import org.fedqnn.server.RunSettings;
import org.fedqnn.server.TestSettings;
import org.junit.jupiter.api.Test;

/** The precision policies: fixed is the run's n and m; loss-driven raises n at a plateau and only there. */
class PrecisionPolicyTest {

    /** A history at n whose watched loss takes {@code losses}, one round each. */
    private static RoundHistory history(int n, double... losses) {
        List<FinishedRound> rounds = new ArrayList<>();
        for (int t = 0; t < losses.length; t++) {
            rounds.add(round(t, n, losses[t]));
        }
        return new RoundHistory(rounds);
    }

    private static FinishedRound round(long t, int n, double loss) {
        return new FinishedRound(t, new RoundPrecision(Precision.fixed(n), Precision.fixed(n)), true, loss, loss + 0.1,
                0.5, 1.0, 0.5, 1000, 0.01, Double.NaN, 0.1, 2, 1.0, 0.01);
    }

    private static LossDrivenPrecision lossDriven(int start, int max, int step, boolean doubling) {
        return new LossDrivenPrecision(start, max, step, doubling, 3, 0.01, null);
    }

    @Test
    void lossDrivenRaisesNWhenTheLossPlateausAndNotBefore() {
        LossDrivenPrecision p = lossDriven(2, 8, 1, false);
        assertEquals(2, p.next(RoundHistory.EMPTY).training().bits(), "starts at start");
        RoundHistory falling = history(2, 2.0, 1.8, 1.6, 1.4, 1.2, 1.0);
        assertEquals(2, p.next(falling).training().bits(), "loss still falling 10%+ a round: n stays");
        RoundHistory flat = history(2, 2.0, 1.8, 1.6, 1.599, 1.598, 1.597);
        RoundPrecision raised = p.next(flat);
        assertEquals(3, raised.training().bits(), "0.2% over the window of 3: a plateau, n + 1");
        assertEquals(3, raised.uplink().bits(), "m follows n");
        assertEquals(2, p.next(history(2, 1.6, 1.599, 1.598)).training().bits(),
                "a window needs the loss before it: 3 rounds are not enough");
        assertEquals(8, lossDriven(4, 8, 2, true).next(history(4, 2.0, 2.0, 2.0, 2.0)).training().bits(),
                "doubling");
        assertEquals(8, lossDriven(8, 8, 1, false).next(history(8, 2, 2, 2, 2, 2)).training().bits(),
                "never above the ceiling");
    }

    @Test
    void lossDrivenWaitsAWholeWindowAtTheNewNAndNeverLowersIt() {
        LossDrivenPrecision p = lossDriven(2, 8, 1, false);
        List<FinishedRound> rounds = new ArrayList<>(history(2, 2.0, 2.0, 2.0, 2.0).rounds());
        rounds.add(round(4, 3, 2.0));
        rounds.add(round(5, 3, 2.0));
        assertEquals(3, p.next(new RoundHistory(rounds)).training().bits(), "two rounds at n = 3: too soon");
        rounds.add(round(6, 3, 2.0));
        assertEquals(4, p.next(new RoundHistory(rounds)).training().bits(), "three flat rounds at n = 3: raise");
        rounds.add(round(7, 4, 1.0));
        rounds.add(round(8, 4, 3.0));
        rounds.add(round(9, 4, 0.5));
        assertEquals(4, p.next(new RoundHistory(rounds)).training().bits(), "a falling loss keeps n, never lower");
    }

    @Test
    void fixedIsTheRunsPrecisionAndPaperFedAvgFollowsThePolicyRoundByRound() {
        RunSettings s = TestSettings.settings(10, 4, 3, 6, 0);
        PrecisionPolicy fixed = PrecisionPolicies.parse("fixed", s, true);
        assertInstanceOf(FixedPrecision.class, fixed);
        assertEquals(new RoundPrecision(Precision.fixed(6), Precision.fixed(6)), fixed.next(history(6, 1, 1, 1, 1)));
        PrecisionPolicy driven = PrecisionPolicies.parse("loss-driven:start=3,window=1,threshold=0.05", s, true);
        assertEquals("loss-driven:start=3,max=6,step=+1,window=1,threshold=0.05", driven.describe());
        PaperFedAvg fedAvg = new PaperFedAvg(s, Parts.layout(), AggregatorChoice.FEDAVG, driven);
        GlobalModel w = new GlobalModel(0, new float[][] {new float[6], new float[2]});
        RoundPlan plan = fedAvg.configure(0, w);
        DeviceInstruction in = plan.instruction(plan.selected()[0]);
        assertEquals(Precision.fixed(3), in.training());
        assertEquals(3, in.updateTensors().get(0).encoding().bits());
        assertEquals(new RoundPrecision(Precision.fixed(3), Precision.fixed(3)), RoundPrecision.of(plan));
        assertEquals(driven.describe(), fedAvg.precisionPolicy());
    }

    @Test
    void theHistoryAPolicyChoosesFromSurvivesACheckpoint() throws IOException {
        RunSettings s = TestSettings.settings(10, 4, 3, 6, 0);
        PrecisionPolicy driven = PrecisionPolicies.parse("loss-driven:start=3,window=2,threshold=0.05", s, true);
        RoundHistory plateau = history(3, 2.0, 2.0, 2.0);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(plateau.size());
            for (FinishedRound r : plateau.rounds()) {
                r.write(out);
            }
        }
        byte[] state = bytes.toByteArray();
        PaperFedAvg resumed = new PaperFedAvg(s, Parts.layout(), AggregatorChoice.FEDAVG, driven);
        resumed.restoreState(state);
        assertArrayEquals(state, resumed.saveState(), "saved again, the same bytes");
        GlobalModel w = new GlobalModel(3, new float[][] {new float[6], new float[2]});
        assertEquals(Precision.fixed(4), RoundPrecision.of(resumed.configure(3, w)).training(),
                "the restored plateau at n = 3 raises n, as in the run that was not interrupted");
        PaperFedAvg fresh = new PaperFedAvg(s, Parts.layout(), AggregatorChoice.FEDAVG, driven);
        assertEquals(Precision.fixed(3), RoundPrecision.of(fresh.configure(3, w)).training(), "without the history");

        IOException cut = assertThrows(IOException.class,
                () -> fresh.restoreState(Arrays.copyOf(state, state.length - 5)));
        assertTrue(cut.getMessage().contains("truncated"), cut.getMessage());
        IOException none = assertThrows(IOException.class, () -> fresh.restoreState(new byte[0]));
        assertTrue(none.getMessage().contains("no round history"), none.getMessage());
    }

    @Test
    void badSpecsAreRefusedByName() {
        RunSettings s = TestSettings.settings(10, 4, 3, 6, 0);
        for (String bad : List.of("greedy", "fixed:start=2", "loss-driven:start=7", "loss-driven:step=x1",
                "loss-driven:window=0", "loss-driven:threshold=2", "loss-driven:bogus=1", "loss-driven:start",
                "loss-driven:max=8", "loss-driven:start=two")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> PrecisionPolicies.parse(bad, s, true), bad);
            assertTrue(e.getMessage().contains("loss-driven") || e.getMessage().contains("fixed"), e.getMessage());
        }
        PrecisionPolicy m4 = PrecisionPolicies.parse("loss-driven", TestSettings.settings(10, 4, 3, 6, 0), false);
        assertEquals(6, m4.next(RoundHistory.EMPTY).uplink().bits(), "--uplink-bits given: m stays the run's m");
    }
}
