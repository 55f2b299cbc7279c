package org.fedqnn.server.strategy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.fedqnn.qnn.train.Precision;
import org.fedqnn.server.RunSettings;
import org.fedqnn.server.TestSettings;
import org.fedqnn.server.calibrate.CalibratedPredictor;
import org.fedqnn.server.calibrate.Calibration;
import org.junit.jupiter.api.Test;

/**
 * Energy-aware with {@code score=target} on synthetic rounds that follow the calibrated model
 * exactly: it picks the n of the fewest predicted joules to the target (one round at n, then the
 * cheapest n held), which is not the n of the best decrease per joule; it starts low and rises as
 * the loss nears the target; it keeps the last n when no n reaches the target.
 */
class EnergyAwareTargetTest {

    private static final SyntheticRounds ROUNDS = new SyntheticRounds(2e-3);
    private static final CalibratedPredictor.Setup SETUP = SyntheticRounds.SETUP;

    private static EnergyAwarePrecision policy(double target) {
        return policy(target, 4);
    }

    private static EnergyAwarePrecision policy(double target, int explore) {
        return new EnergyAwarePrecision(explore, 3, 4, 3, 8, 1, 0, null, SETUP, 0, target, false);
    }

    private static RoundHistory run(PrecisionPolicy policy, int rounds) {
        return ROUNDS.run(policy, rounds);
    }

    private static List<Integer> ns(RoundHistory h) {
        return SyntheticRounds.ns(h);
    }

    private static List<Precision> candidates() {
        List<Precision> c = new ArrayList<>();
        for (int n = 3; n <= 8; n++) {
            c.add(Precision.fixed(n));
        }
        return c;
    }

    private static Calibration fit(EnergyAwarePrecision p, RoundHistory h) {
        CalibratedPredictor predictor = new CalibratedPredictor(SETUP, 0);
        h.rounds().forEach(r -> predictor.observe(p.observation(r)));
        return predictor.fit();
    }

    @Test
    void picksTheFewestPredictedJoulesToTheTargetNotTheBestDecreasePerJoule() {
        EnergyAwarePrecision p = policy(0.85);
        RoundHistory explored = run(p, 4);
        assertEquals(List.of(3, 4, 3, 4), ns(explored), "exploration at low and low + 1");
        Calibration c = fit(p, explored);
        double loss = explored.last().globalLoss();
        int cheapest = -1;
        double fewest = Double.POSITIVE_INFINITY;
        List<RoundOption> options = candidates().stream().map(n -> RoundOption.atRunK(n.bits())).toList();
        for (RoundOption n : options) {
            double j = TargetCost.joulesToTarget(c, options, n, 4, loss, 0.85);
            if (j < fewest) {
                fewest = j;
                cheapest = n.precision().bits();
            }
        }
        assertTrue(Double.isFinite(fewest), "the synthetic target is reachable");
        assertEquals(cheapest, p.next(explored).training().bits(), "round 4: the n of the fewest joules to target");
        int perJoule = c.bestPrecisionPerJoule(candidates(), 4, loss).bits();
        int rounds = 30;
        List<Integer> n = ns(run(p, rounds));
        assertTrue(n.stream().skip(4).anyMatch(b -> b != perJoule) || cheapest != perJoule,
                "the synthetic case must tell the two scores apart: " + n + ", per joule " + perJoule);
        assertEquals(n, ns(run(policy(0.85), rounds)), "a fresh policy on the same rounds chooses the same n");
    }

    @Test
    void raisesNAsTheLossNearsTheTarget() {
        RoundHistory h = run(policy(0.85), 30);
        double targetLoss = (0.95 - 0.85) / 0.2;
        List<Integer> n = new ArrayList<>();
        for (FinishedRound r : h.rounds().subList(4, h.size())) {
            n.add(r.precision().training().bits());
            if (r.globalLoss() <= targetLoss) {
                break;
            }
        }
        assertTrue(n.size() >= 3, "several rounds to the target: " + ns(h));
        assertTrue(n.get(n.size() - 1) > n.get(0), "the n that finishes is above the first chosen: " + ns(h));
        for (int i = 1; i < n.size(); i++) {
            assertTrue(n.get(i) >= n.get(i - 1), "on the way to the target n only rises: " + ns(h));
        }
    }

    @Test
    void aMinAboveLowExploresLowButNeverChoosesIt() {
        List<Integer> free = ns(run(policy(0.85), 30));
        assertTrue(free.subList(4, free.size()).contains(3), "min = 3 chooses 3 again in this case: " + free);
        EnergyAwarePrecision floored = new EnergyAwarePrecision(4, 3, 4, 4, 8, 1, 0, null, SETUP, 0, 0.85, false);
        List<Integer> n = ns(run(floored, 30));
        assertEquals(List.of(3, 4, 3, 4), n.subList(0, 4), "explored at low = 3 and high = 4");
        assertTrue(n.subList(4, n.size()).stream().allMatch(b -> b >= 4), "chosen from min = 4 up: " + n);
    }

    @Test
    void keepsTheLastNWhenNoNReachesTheTarget() {
        EnergyAwarePrecision p = policy(0.9499, 5);
        RoundHistory explored = run(p, 5);
        assertEquals(List.of(3, 4, 3, 4, 3), ns(explored));
        assertEquals(3, p.next(explored).training().bits(), "a target below every n's noise floor: n stays");
        assertNotEquals(3, policy(0.85, 5).next(explored).training().bits(), "a reachable target moves it");
    }

    @Test
    void eachNIsHeldToItsOwnTargetLossUnderTheAccuracyMapsCapacityTerm() {
        Calibration fitted = fit(policy(0.85), run(policy(0.85), 4));
        // the same calibration with a2 = -2.56: n = 4 then reaches 85% only at F = (0.95 - 0.85 - 2.56 / 256) / 0.2
        Calibration c = new Calibration(fitted.contraction(), 0, 0, fitted.noiseGain(), fitted.sigmaSquared(),
                fitted.gbarSquared(), fitted.beta(), fitted.gamma(), SETUP, fitted.computeRatio(),
                fitted.bitsIntercept(), fitted.bitsPerPrecision(), fitted.joulesPerBit(), fitted.updatesPerRound(),
                fitted.accuracyIntercept(), fitted.accuracySlope(), -2.56, fitted.startRound(), fitted.startLoss(),
                fitted.startLossPerQ(), fitted.residual(), fitted.pairs(), Calibration.StandardErrors.UNKNOWN);
        double own4 = c.lossAtAccuracy(0.85, Precision.fixed(4));
        assertEquals(0.45, own4, 1e-6);
        assertEquals((0.95 - 0.85 - 2.56 / 65536) / 0.2, c.lossAtAccuracy(0.85, Precision.fixed(8)), 1e-6);
        RoundOption n4 = RoundOption.atRunK(4);
        double loss = 0.49; // under n = 8's target loss (0.4998), over n = 4's
        long rounds = TargetCost.roundsTo(c, n4, 6, loss - n4.decrease(c, 5, loss), own4);
        assertTrue(rounds > 0, "n = 4 reaches its own target loss in this case: " + rounds);
        assertEquals((1 + rounds) * n4.joules(c), TargetCost.joulesToTarget(c, List.of(n4), n4, 5, loss, 0.85),
                1e-12, "n = 4 alone: rounds until its own, lower, target loss");
        RoundOption n8 = RoundOption.atRunK(8);
        assertEquals(n8.joules(c), TargetCost.joulesToTarget(c, List.of(n4, n8), n8, 5, loss, 0.85), 1e-12,
                "a round at n = 8 from under its target loss reaches the target");
    }

    @Test
    void parsesScoreTargetFromTheRunsTargetAccuracyAndANamedUplinkWidth() {
        RunSettings base = TestSettings.settings(10, 4, 3, 8, 0);
        RunSettings s = new RunSettings(base.model(), base.trainingPrecision(), base.uplinkPrecision(), base.devices(),
                base.devicesPerRound(), base.localSteps(), base.batchSize(), base.learningRate(), base.seed(),
                base.dataset(), base.datasetSha256(), base.partitioner(), base.maxRounds(), 0.8, base.quorum(),
                base.belowQuorum(), base.maxRepeats(), base.roundDeadline(), base.registrationTimeout(),
                base.pollWindow(), base.maxChunkPayloadBytes(), base.maxConcurrentUploads(), base.testLimit(),
                base.measures(), base.limits(), base.costMismatch(), base.evaluateEvery());
        PrecisionPolicy p = PrecisionPolicies.parse("energy-aware:low=3,high=4,score=target", s, true);
        assertEquals("energy-aware:explore=4,low=3,high=4,min=2,max=8,every=3,margin=0.05,score=target",
                p.describe());
        assertEquals(p.describe(), PrecisionPolicies.parse(p.describe(), s, true).describe());
        assertEquals("energy-aware:explore=4,low=4,high=8,min=2,max=8,every=3,margin=0.05",
                PrecisionPolicies.parse("energy-aware:score=decrease", s, true).describe(), "the default score");
        IllegalArgumentException none = assertThrows(IllegalArgumentException.class,
                () -> PrecisionPolicies.parse("energy-aware:score=target", base, true));
        assertTrue(none.getMessage().contains("--target-accuracy"), none.getMessage());
        PrecisionPolicy m2 = PrecisionPolicies.parse("energy-aware:low=3,high=4,uplink=2", s, true);
        assertEquals("energy-aware:explore=4,low=3,high=4,min=2,max=8,every=3,margin=0.05,uplink=2", m2.describe());
        assertEquals(m2.describe(), PrecisionPolicies.parse(m2.describe(), s, true).describe());
        assertEquals(new RoundPrecision(Precision.fixed(3), Precision.fixed(2)), m2.next(RoundHistory.EMPTY),
                "uplink= fixes m of every round");
        for (String wrong : List.of("energy-aware:uplink=0", "energy-aware:uplink=9", "energy-aware:uplink=two")) {
            assertThrows(IllegalArgumentException.class, () -> PrecisionPolicies.parse(wrong, s, true), wrong);
        }
        IllegalArgumentException twice = assertThrows(IllegalArgumentException.class,
                () -> PrecisionPolicies.parse("energy-aware:uplink=2", s, false));
        assertTrue(twice.getMessage().contains("--uplink-bits"), twice.getMessage());
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
                () -> PrecisionPolicies.parse("energy-aware:score=joules", s, true));
        assertTrue(bad.getMessage().contains("score"), bad.getMessage());
    }
}
