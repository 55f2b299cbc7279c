package org.fedqnn.server.strategy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.fedqnn.qnn.train.Precision;
import org.fedqnn.server.GlobalModel;
import org.fedqnn.server.Parts;
import org.fedqnn.server.RunSettings;
import org.fedqnn.server.TestSettings;
import org.fedqnn.server.calibrate.CalibratedPredictor;
import org.fedqnn.server.calibrate.Calibration;
import org.junit.jupiter.api.Test;

/**
 * Energy-aware with {@code devices=}: each round's choice is of n and K_t together, priced by the
 * calibrated model at K_t times one device's joules and 1/K_t of the noise; the strategy selects
 * K_t devices, a prefix of the seed's shuffle, and a round of fewer than the quorum needs them all.
 */
class EnergyAwareParticipationTest {

    private static final CalibratedPredictor.Setup SETUP = SyntheticRounds.SETUP;

    private static EnergyAwarePrecision policy(int fewest, int most) {
        return new EnergyAwarePrecision(4, 3, 4, 3, 8, 1, 0, null, SETUP, 0, Double.NaN, false,
                new EnergyAwarePrecision.Participation(fewest, most));
    }

    @Test
    void exploresAtTheFewestDevicesThenTakesTheBestDecreasePerJouleOverNAndK() {
        SyntheticRounds rounds = new SyntheticRounds(2e-3);
        EnergyAwarePrecision p = policy(1, SyntheticRounds.K);
        RoundHistory explored = rounds.run(p, 4);
        assertEquals(List.of(1, 1, 1, 1), SyntheticRounds.ks(explored), "exploration at the fewest devices");
        assertEquals(List.of(3, 4, 3, 4), SyntheticRounds.ns(explored));

        CalibratedPredictor predictor = new CalibratedPredictor(SETUP, 0);
        explored.rounds().forEach(r -> predictor.observe(p.observation(r)));
        Calibration c = predictor.fit();
        double loss = explored.last().globalLoss();
        RoundOption best = null;
        double bestScore = Double.NEGATIVE_INFINITY;
        for (int n = 3; n <= 8; n++) {
            for (int k = 1; k <= SyntheticRounds.K; k++) {
                RoundOption o = new RoundOption(Precision.fixed(n), k);
                double score = o.decrease(c, 4, loss) / o.joules(c);
                if (score > bestScore) {
                    best = o;
                    bestScore = score;
                }
            }
        }
        RoundPrecision next = p.next(explored);
        assertEquals(best.precision(), next.training(), "n of the best decrease per joule over the n x K grid");
        assertEquals(best.devices(), next.participants(), "and its K_t");
        assertEquals(1, next.participants(), "far from the floor the contraction does not grow with K_t and the "
                + "joules do: one device");
        assertEquals(next, policy(1, SyntheticRounds.K).next(explored), "a deterministic function of the history");
    }

    @Test
    void moreDevicesWhenTheirNoiseOutweighsTheContraction() {
        // a large noise weight: near the floor, a round at one device adds more noise than it removes
        SyntheticRounds noisy = new SyntheticRounds(0.5);
        List<Integer> k = SyntheticRounds.ks(noisy.run(policy(1, SyntheticRounds.K), 40));
        assertTrue(k.subList(4, k.size()).stream().anyMatch(x -> x > 1), "some round takes more devices: " + k);
        List<Integer> fixedK = SyntheticRounds.ks(noisy.run(new EnergyAwarePrecision(4, 3, 4, 3, 8, 1, 0, null,
                SETUP, 0, Double.NaN, false), 40));
        assertTrue(fixedK.stream().allMatch(x -> x == SyntheticRounds.K), "without devices= every round at K: "
                + fixedK);
    }

    @Test
    void theRangeBoundsTheChoice() {
        SyntheticRounds rounds = new SyntheticRounds(2e-3);
        List<Integer> k = SyntheticRounds.ks(rounds.run(policy(2, 3), 20));
        assertEquals(List.of(2, 2, 2, 2), k.subList(0, 4), "explored at fewest = 2");
        assertTrue(k.stream().allMatch(x -> x >= 2 && x <= 3), "within 2-3: " + k);
        assertThrows(IllegalArgumentException.class, () -> new EnergyAwarePrecision.Participation(0, 2));
        assertThrows(IllegalArgumentException.class, () -> new EnergyAwarePrecision.Participation(3, 2));
    }

    @Test
    void parsesDevicesAutoAndARangeWithinK() {
        RunSettings s = TestSettings.settings(10, 4, 3, 8, 0);
        PrecisionPolicy auto = PrecisionPolicies.parse("energy-aware:low=3,high=4,devices=auto", s, true);
        assertEquals("energy-aware:explore=4,low=3,high=4,min=2,max=8,every=3,margin=0.05,devices=1-4",
                auto.describe(), "auto is 1..K");
        assertEquals(auto.describe(), PrecisionPolicies.parse(auto.describe(), s, true).describe());
        assertEquals(1, auto.next(RoundHistory.EMPTY).participants());
        assertEquals("energy-aware:explore=4,low=3,high=4,min=2,max=8,every=3,margin=0.05,devices=2-3",
                PrecisionPolicies.parse("energy-aware:low=3,high=4,devices=2-3", s, true).describe());
        for (String wrong : List.of("0-2", "3-2", "1-5", "two", "1-", "-2", "2")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> PrecisionPolicies.parse("energy-aware:devices=" + wrong, s, true), wrong);
            assertTrue(e.getMessage().contains("devices") && e.getMessage().contains("'" + wrong + "'")
                    && e.getMessage().contains("1-4"), e.getMessage());
        }
    }

    @Test
    void theStrategySelectsKtDevicesAPrefixOfTheRunsShuffle() {
        RunSettings s = TestSettings.settings(10, 4, 3, 6, 0);
        PrecisionPolicy two = new PrecisionPolicy() {
            @Override
            public RoundPrecision next(RoundHistory history) {
                return new RoundPrecision(Precision.fixed(6), Precision.fixed(6), 2);
            }

            @Override
            public String describe() {
                return "two devices";
            }
        };
        PaperFedAvg fedAvg = new PaperFedAvg(s, Parts.layout(), AggregatorChoice.FEDAVG, two);
        GlobalModel w = new GlobalModel(0, new float[][] {new float[6], new float[2]});
        for (long round = 0; round < 20; round++) {
            int[] selected = fedAvg.configure(round, w).selected();
            assertArrayEquals(DeviceSelector.select(s.seed(), round, 10, 2), selected);
            int[] all = DeviceSelector.select(s.seed(), round, 10, 4);
            assertTrue(Arrays.stream(selected).allMatch(d -> Arrays.stream(all).anyMatch(a -> a == d)),
                    "round " + round + ": " + Arrays.toString(selected) + " among the run's K = 4 "
                            + Arrays.toString(all));
        }
        RunSettings q3 = new RunSettings(s.model(), s.trainingPrecision(), s.uplinkPrecision(), s.devices(),
                s.devicesPerRound(), s.localSteps(), s.batchSize(), s.learningRate(), s.seed(), s.dataset(),
                s.datasetSha256(), s.partitioner(), s.maxRounds(), s.targetAccuracy(), 3, s.belowQuorum(),
                s.maxRepeats(), s.roundDeadline(), s.registrationTimeout(), s.pollWindow(), s.maxChunkPayloadBytes(),
                s.maxConcurrentUploads(), s.testLimit(), s.measures(), s.limits(), s.costMismatch(),
                s.evaluateEvery());
        assertEquals(2, q3.quorumOf(2), "fewer selected than the quorum of 3: both of them");
        assertEquals(3, q3.quorumOf(4), "the quorum");
        assertEquals(4, new RoundPrecision(Precision.fixed(6), Precision.fixed(6)).participantsOf(4), "the run's K");
        assertEquals(4, new RoundPrecision(Precision.fixed(6), Precision.fixed(6), 9).participantsOf(4),
                "never above K");
        assertThrows(IllegalArgumentException.class, () -> new RoundPrecision(Precision.fixed(6), Precision.fixed(6),
                -1));
    }
}
