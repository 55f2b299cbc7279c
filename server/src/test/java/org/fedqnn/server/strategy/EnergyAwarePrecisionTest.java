package org.fedqnn.server.strategy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.fedqnn.qnn.train.Precision;
import org.fedqnn.server.GlobalModel;
import org.fedqnn.server.Parts;
import org.fedqnn.server.RunSettings;
import org.fedqnn.server.TestSettings;
import org.fedqnn.server.calibrate.CalibratedPredictor;
import org.junit.jupiter.api.Test;

/**
 * The energy-aware policy on synthetic rounds that follow the calibrated model exactly: it
 * explores, then picks the n the predictor fitted on the same rounds says, keeps it between
 * choices, is a function of the history, and keeps the last n when the fit fails.
 */
class EnergyAwarePrecisionTest {

    private static final SyntheticRounds ROUNDS = new SyntheticRounds(3e-4);
    private static final CalibratedPredictor.Setup SETUP = SyntheticRounds.SETUP;

    private static EnergyAwarePrecision policy(double margin) {
        return new EnergyAwarePrecision(4, 4, 8, 2, 8, 3, margin, null, SETUP, 0);
    }

    private static FinishedRound round(long t, int n, double before, double msq) {
        return ROUNDS.round(t, n, before, msq);
    }

    private static RoundHistory run(PrecisionPolicy policy, int rounds) {
        return ROUNDS.run(policy, rounds);
    }

    private static List<Integer> ns(RoundHistory h) {
        return SyntheticRounds.ns(h);
    }

    @Test
    void exploresThenPicksWhatThePredictorSaysAndKeepsItBetweenChoices() {
        EnergyAwarePrecision p = policy(0);
        RoundHistory explored = run(p, 4);
        assertEquals(List.of(4, 8, 4, 8), ns(explored), "exploration alternates low and high");
        CalibratedPredictor predictor = new CalibratedPredictor(SETUP, 0);
        explored.rounds().forEach(r -> predictor.observe(p.observation(r)));
        List<Precision> candidates = new ArrayList<>();
        for (int n = 2; n <= 8; n++) {
            candidates.add(Precision.fixed(n));
        }
        Precision predicted = predictor.bestPrecisionPerJoule(candidates);
        assertNotEquals(8, predicted.bits(), "the synthetic case must make the policy move from the last n");
        assertEquals(predicted, p.next(explored).training(), "round 4: the predictor's n");
        RoundHistory longer = run(p, 10);
        List<Integer> n = ns(longer);
        assertEquals(List.of(4, 8, 4, 8), n.subList(0, 4));
        assertEquals(predicted.bits(), n.get(4));
        assertEquals(n.get(4), n.get(5), "no choice between round 4 and round 7");
        assertEquals(n.get(4), n.get(6));
        assertEquals(n, ns(run(policy(0), 10)), "a fresh policy on the same rounds chooses the same n");
        for (int t = 4; t <= 9; t++) {
            RoundHistory prefix = new RoundHistory(longer.rounds().subList(0, t));
            assertEquals(p.next(prefix), p.next(prefix), "a function of the history");
        }
    }

    @Test
    void aCheckpointedHistoryGivesTheSameChoice() throws IOException {
        EnergyAwarePrecision p = policy(0);
        RoundHistory h = run(p, 7);
        PaperFedAvg before = new PaperFedAvg(TestSettings.settings(10, 4, 3, 8, 0), Parts.layout(),
                AggregatorChoice.FEDAVG, p);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(h.size());
            for (FinishedRound r : h.rounds()) {
                r.write(out);
            }
        }
        before.restoreState(bytes.toByteArray());
        List<FinishedRound> back = new ArrayList<>();
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(before.saveState()))) {
            int size = in.readInt();
            for (int i = 0; i < size; i++) {
                back.add(FinishedRound.read(in));
            }
        }
        assertEquals(h.rounds(), back, "every field, eta, K' and the gradient figures included, comes back");
        GlobalModel w = new GlobalModel(7, new float[][] {new float[6], new float[2]});
        assertEquals(p.next(h), RoundPrecision.of(before.configure(7, w)), "the resumed run chooses as the first");
    }

    @Test
    void theMarginKeepsTheLastNUnlessTheGainIsLarge() {
        RoundHistory explored = run(policy(0), 4);
        assertEquals(8, policy(1e6).next(explored).training().bits(), "a huge margin: n stays at the last round's");
        assertNotEquals(8, policy(0).next(explored).training().bits());
    }

    @Test
    void aFitThatFailsKeepsTheLastN() {
        EnergyAwarePrecision p = policy(0);
        List<FinishedRound> flat = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            FinishedRound r = round(t, t % 2 == 0 ? 4 : 8, Double.NaN, SyntheticRounds.MSQ);
            flat.add(r);
        }
        assertEquals(8, p.next(new RoundHistory(flat)).training().bits(), "a loss that never falls: no fit, n stays");
        List<FinishedRound> noGradients = new ArrayList<>();
        RoundHistory good = run(p, 4);
        for (FinishedRound r : good.rounds()) {
            noGradients.add(round(r.round(), r.precision().training().bits(), noGradients.isEmpty() ? Double.NaN
                    : noGradients.get(noGradients.size() - 1).globalLoss(), Double.NaN));
        }
        assertEquals(8, p.next(new RoundHistory(noGradients)).training().bits(), "no gradient figures: n stays");
        List<FinishedRound> unaggregated = good.rounds().stream().map(r -> new FinishedRound(r.round(), r.precision(),
                false, r.globalLoss(), r.testLoss(), r.testAccuracy(), r.computeJoules(), r.uplinkJoules(),
                r.uplinkBits(), r.gradientVariance(), Double.NaN, r.learningRate(), 0, Double.NaN, Double.NaN))
                .toList();
        assertEquals(8, p.next(new RoundHistory(unaggregated)).training().bits(), "nothing aggregated: n stays");
    }

    @Test
    void parsesWithDefaultsReadsItsOwnDescriptionBackAndRefusesBadSpecs() {
        RunSettings s = TestSettings.settings(10, 4, 3, 8, 0);
        PrecisionPolicy p = PrecisionPolicies.parse("energy-aware", s, true);
        assertInstanceOf(EnergyAwarePrecision.class, p);
        assertEquals("energy-aware:explore=4,low=4,high=8,min=2,max=8,every=3,margin=0.05", p.describe());
        assertEquals(p.describe(), PrecisionPolicies.parse(p.describe(), s, true).describe());
        assertEquals("energy-aware:explore=6,low=2,high=4,min=2,max=8,every=1,margin=0.0",
                PrecisionPolicies.parse("energy-aware:explore=6,low=2,high=4,every=1,margin=0", s, true).describe());
        assertEquals(new RoundPrecision(Precision.fixed(4), Precision.fixed(8)),
                PrecisionPolicies.parse("energy-aware", s, false).next(RoundHistory.EMPTY), "--uplink-bits fixes m");
        assertEquals("energy-aware:explore=4,low=1,high=2,min=1,max=2,every=3,margin=0.05",
                PrecisionPolicies.parse("energy-aware", TestSettings.settings(10, 4, 3, 2, 0), true).describe());
        for (String bad : List.of("energy-aware:explore=3", "energy-aware:low=8", "energy-aware:high=9",
                "energy-aware:low=2,high=4,min=5", "energy-aware:every=0", "energy-aware:margin=-1", "energy-aware:max=6",
                "energy-aware:bogus=1", "energy-aware:low=four")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> PrecisionPolicies.parse(bad, s, true), bad);
            assertTrue(e.getMessage().contains("energy-aware"), e.getMessage());
        }
        assertThrows(IllegalArgumentException.class,
                () -> PrecisionPolicies.parse("energy-aware", TestSettings.settings(10, 4, 3, 1, 0), true));
    }
}
