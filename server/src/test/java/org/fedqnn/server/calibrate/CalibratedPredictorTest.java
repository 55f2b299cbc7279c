package org.fedqnn.server.calibrate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.fedqnn.qnn.Quantizer;
import org.fedqnn.qnn.energy.ComputeEnergy;
import org.fedqnn.qnn.energy.ComputeWorkload;
import org.fedqnn.qnn.energy.EnergyParameters;
import org.fedqnn.qnn.train.Precision;
import org.junit.jupiter.api.Test;

/**
 * The calibrated predictor on synthetic rounds made by its own recursion from known constants,
 * and the quantization variance against the real quantizer.
 */
class CalibratedPredictorTest {

    private static final long D = 20_000;
    private static final int I = 10;
    private static final int K = 4;
    private static final double C = 2.5;
    private static final double H = 3e-4;
    private static final double SIGMA2 = 900;
    private static final double MSQ = 1000;
    private static final ComputeWorkload WORK = new ComputeWorkload(ComputeWorkload.Source.MEASURED_ROUND, 4e9, 2e5,
            3e7);
    private static final CalibratedPredictor.Setup SETUP = new CalibratedPredictor.Setup(D, I,
            EnergyParameters.paperDefaults(), WORK);

    /** Rounds 0..rounds-1 of one run at {@code p}, following the model exactly from F_0 = 1.4. */
    private static List<RoundObservation> run(String name, Precision p, int rounds, double computeRatio) {
        return run(name, p, rounds, computeRatio, 0, 0, 0, null);
    }

    /**
     * As above with the capacity terms: F*(n) = kCap 2^(-2n) in the recursion, test accuracy
     * 0.95 - 0.2 F + a2 2^(-2n); with {@code random}, each loss decrease and accuracy is off by a
     * normal draw of sd {@code noise}.
     */
    private static List<RoundObservation> run(String name, Precision p, int rounds, double computeRatio,
                                              double kCap, double a2, double noise, SplittableRandom random) {
        List<RoundObservation> list = new java.util.ArrayList<>();
        double f = 1.4;
        for (int t = 0; t < rounds; t++) {
            double eta = 1.0 / (t + 10);
            RoundObservation probe = round(name, p, t, eta, f, computeRatio, 0);
            if (t > 0) {
                double q = QuantizationVariance.ofDelta(probe.deltaSquaredNorm(), D, p.wireBits(), p.isFloat());
                double n = (eta * eta * I * SIGMA2 + q) / K;
                f = f - C * eta * (f - kCap * Calibration.capacity(p)) + H * n
                        + (random == null ? 0 : noise * gaussian(random));
            }
            double accuracyNoise = random == null ? 0 : noise * gaussian(random);
            list.add(round(name, p, t, eta, f, computeRatio, a2 * Calibration.capacity(p) + accuracyNoise));
        }
        return list;
    }

    private static RoundObservation round(String name, Precision p, int t, double eta, double f, double ratio) {
        return round(name, p, t, eta, f, ratio, 0);
    }

    private static RoundObservation round(String name, Precision p, int t, double eta, double f, double ratio,
                                          double accuracyShift) {
        double bits = 700 + D * p.wireBits();
        return new RoundObservation(name, t, p, eta, f, 0.95 - 0.2 * f + accuracyShift, K, I, MSQ, SIGMA2,
                ratio * K * ComputeEnergy.of(EnergyParameters.paperDefaults(), WORK, p.wireBits()).totalJoules(),
                K * bits * 3e-9, (long) (K * bits));
    }

    private static CalibratedPredictor predictor(int rounds) {
        CalibratedPredictor predictor = new CalibratedPredictor(SETUP, 0);
        run("a", Precision.fixed(3), rounds, 1.25).forEach(predictor::observe);
        run("b", Precision.fixed(8), rounds, 1.25).forEach(predictor::observe);
        return predictor;
    }

    @Test
    void fittingRecoversTheConstantsOfSyntheticRounds() {
        Calibration c = predictor(5).fit();
        assertEquals(C, c.contraction(), 1e-6 * C);
        assertEquals(H, c.noiseGain(), 1e-4 * H);
        assertEquals(SIGMA2, c.sigmaSquared(), 1e-9);
        assertEquals(MSQ - (I - 1.0) / I * SIGMA2, c.gbarSquared(), 1e-9);
        assertEquals(1.0, c.beta(), 1e-9);
        assertEquals(10.0, c.gamma(), 1e-9);
        assertEquals(1.25, c.computeRatio(), 1e-9);
        assertEquals(700, c.bitsIntercept(), 1e-6);
        assertEquals(D, c.bitsPerPrecision(), 1e-6);
        assertEquals(3e-9, c.joulesPerBit(), 1e-18);
        assertEquals(0.95, c.accuracyIntercept(), 1e-9);
        assertEquals(-0.2, c.accuracySlope(), 1e-9);
        assertEquals(1e-6, Math.max(1e-6, c.residual()), 1e-6);
        assertEquals(6, c.pairs(), "3 pairs per run after the first");
    }

    @Test
    void roundsToTargetFallWithPrecisionAndStopFallingWhereQuantizationNoiseVanishes() {
        Calibration c = predictor(5).fit();
        double target = 0.5;
        long previous = Long.MAX_VALUE;
        for (int n = 1; n <= 16; n++) {
            long t = c.roundsTo(Precision.fixed(n), target);
            long comparable = t < 0 ? Long.MAX_VALUE : t;
            assertTrue(comparable <= previous, "T(" + n + ") = " + t + " above T(" + (n - 1) + ") = " + previous);
            previous = comparable;
        }
        assertTrue(c.roundsTo(Precision.fixed(1), target) < 0 || c.roundsTo(Precision.fixed(1), target) > previous,
                "n = 1 pays for its quantization noise");
        assertEquals(c.roundsTo(Precision.fixed(16), target), c.roundsTo(Precision.float32(), target),
                "float32 and n = 16 have the same SGD noise and no quantization noise to speak of");
        double f8 = c.joulesTo(Precision.fixed(8), target);
        assertEquals(c.roundsTo(Precision.fixed(8), target) * c.roundJoules(Precision.fixed(8)).totalJoules(), f8,
                1e-12 * f8, "f_E = T E_round");
    }

    @Test
    void bestPrecisionPerJouleTradesNoiseAgainstTheRoundsCost() {
        Calibration c = predictor(5).fit();
        List<Precision> candidates = List.of(Precision.fixed(1), Precision.fixed(2), Precision.fixed(4),
                Precision.fixed(8), Precision.fixed(16));
        Precision early = c.bestPrecisionPerJoule(candidates, 3, 1.0);
        assertTrue(c.expectedDecrease(early, 3, 1.0) > 0, "far from F*, a cheap n that still learns: " + early);
        for (Precision p : candidates) {
            assertTrue(c.expectedDecrease(p, 3, 1.0) / c.roundJoules(p).totalJoules()
                    <= c.expectedDecrease(early, 3, 1.0) / c.roundJoules(early).totalJoules(), p + " beats " + early);
        }
        // near F*, where n = 1's quantization noise outweighs the contraction, a higher n
        double near = 0.9 * c.noiseGain() * c.noise(Precision.fixed(1), 3) / (c.contraction() * c.learningRate(3));
        assertTrue(c.expectedDecrease(Precision.fixed(1), 3, near) < 0);
        Precision late = c.bestPrecisionPerJoule(candidates, 3, near);
        assertTrue(late.bits() > 1 && c.expectedDecrease(late, 3, near) > 0, "near F*: " + late);
        Precision quiet = new Calibration(C, 0, 0, 0, SIGMA2, c.gbarSquared(), 1, 10, SETUP, 1, 700, D, 3e-9, K, 0.95,
                -0.2, 0, 1, 1.0, 0, 0, 6, Calibration.StandardErrors.UNKNOWN).bestPrecisionPerJoule(candidates, 3, 1.0);
        assertEquals(Precision.fixed(1), quiet, "without a noise gain the cheapest round wins");
        CalibratedPredictor predictor = predictor(5);
        assertEquals(c.bestPrecisionPerJoule(candidates, 5, predictor.observations().get(9).trainingLoss()),
                predictor.bestPrecisionPerJoule(candidates), "online: the round after the last observed");
    }

    /**
     * Rounds 0..rounds-1 at {@code p} whose devices measured a quantization variance of
     * {@code ratio} times the closed form, the loss following the model with that measured q.
     */
    private static List<RoundObservation> measuredRun(String name, Precision p, int rounds, double ratio) {
        List<RoundObservation> list = new java.util.ArrayList<>();
        double f = 1.4;
        for (int t = 0; t < rounds; t++) {
            double eta = 1.0 / (t + 10);
            RoundObservation probe = round(name, p, t, eta, f, 1);
            double q = ratio * QuantizationVariance.ofDelta(probe.deltaSquaredNorm(), D, p.wireBits(), p.isFloat());
            if (t > 0) {
                f = f - C * eta * f + H * (eta * eta * I * SIGMA2 + q) / K;
            }
            RoundObservation r = round(name, p, t, eta, f, 1);
            list.add(new RoundObservation(r.run(), r.round(), r.precision(), r.learningRate(), r.trainingLoss(),
                    r.testAccuracy(), r.updates(), r.localSteps(), r.meanSquaredGradientNorm(), r.gradientVariance(),
                    r.computeJoules(), r.uplinkJoules(), r.uplinkBits(), q));
        }
        return list;
    }

    @Test
    void withoutTheDevicesFigureTheClosedFormIsUsedAsItIs() {
        Calibration c = predictor(5).fit();
        assertFalse(c.setup().quantizationScale().measured(), "no round carries the devices' figure");
        for (int n = 1; n <= 16; n++) {
            for (long t : new long[] {1, 4, 30}) {
                double eta = c.learningRate(t);
                double closedForm = QuantizationVariance.ofDelta(eta * eta * I * (double) I * c.gbarSquared(), D, n,
                        false);
                assertEquals(closedForm, c.quantizationVariance(Precision.fixed(n), t), 0.0,
                        "q(" + n + ") in round " + t + ": the closed form, bit for bit");
            }
        }
        assertEquals(0, c.quantizationVariance(Precision.float32(), 1));
    }

    @Test
    void theDevicesMeasuredFigureScalesTheClosedFormAtOtherPrecisions() {
        CalibratedPredictor predictor = new CalibratedPredictor(SETUP, 0);
        measuredRun("a", Precision.fixed(3), 5, 0.5).forEach(predictor::observe);
        measuredRun("b", Precision.fixed(8), 5, 0.8).forEach(predictor::observe);
        Calibration c = predictor.fit();
        assertEquals(C, c.contraction(), 1e-6 * C, "the fit runs on the q the devices measured");
        assertEquals(H, c.noiseGain(), 1e-4 * H);
        QuantizationScale scale = c.setup().quantizationScale();
        assertEquals(0.5, scale.at(Precision.fixed(3)), 1e-12);
        assertEquals(0.8, scale.at(Precision.fixed(8)), 1e-12);
        assertEquals(0.5 + 0.3 * 2 / 5, scale.at(Precision.fixed(5)), 1e-12, "linear in n between the pilots");
        assertEquals(0.5, scale.at(Precision.fixed(1)), 1e-12, "below the lowest pilot: its ratio");
        assertEquals(0.8, scale.at(Precision.fixed(16)), 1e-12, "above the highest: its ratio");
        assertEquals(1, scale.at(Precision.float32()));
        double eta = c.learningRate(6);
        double delta = eta * eta * I * (double) I * c.gbarSquared();
        assertEquals(0.62 * QuantizationVariance.ofDelta(delta, D, 5, false), c.quantizationVariance(Precision.fixed(5),
                6), 1e-9 * c.quantizationVariance(Precision.fixed(5), 6));

        // the same losses fitted without the figure: the closed form over-states q, so h comes out lower
        CalibratedPredictor blind = new CalibratedPredictor(SETUP, 0);
        predictor.observations().forEach(r -> blind.observe(new RoundObservation(r.run(), r.round(), r.precision(),
                r.learningRate(), r.trainingLoss(), r.testAccuracy(), r.updates(), r.localSteps(),
                r.meanSquaredGradientNorm(), r.gradientVariance(), r.computeJoules(), r.uplinkJoules(),
                r.uplinkBits())));
        assertTrue(blind.fit().noiseGain() < 0.99 * H, "without the figure h = " + blind.fit().noiseGain());
    }

    @Test
    void aMeasuredFigureMustBeFiniteAndNonNegative() {
        RoundObservation r = round("a", Precision.fixed(4), 1, 0.1, 1.0, 1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new RoundObservation(r.run(),
                r.round(), r.precision(), r.learningRate(), r.trainingLoss(), r.testAccuracy(), r.updates(),
                r.localSteps(), r.meanSquaredGradientNorm(), r.gradientVariance(), r.computeJoules(), r.uplinkJoules(),
                r.uplinkBits(), -1));
        assertTrue(e.getMessage().contains("quantization variance must be finite and >= 0"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new QuantizationScale(new java.util.TreeMap<>(
                java.util.Map.of(4, Double.NaN))));
    }

    @Test
    void fittingRecoversTheCapacityFloorAndTheAccuracyMapsCapacityTerm() {
        double kCap = 6;
        double a2 = -1.2;
        CalibratedPredictor predictor = new CalibratedPredictor(SETUP, 0);
        run("a", Precision.fixed(2), 6, 1, kCap, a2, 0, null).forEach(predictor::observe);
        run("b", Precision.fixed(4), 6, 1, kCap, a2, 0, null).forEach(predictor::observe);
        run("c", Precision.fixed(8), 6, 1, kCap, a2, 0, null).forEach(predictor::observe);
        Calibration c = predictor.fit();
        assertEquals(kCap, c.capacityFloor(), 1e-6 * kCap);
        assertEquals(C, c.contraction(), 1e-6 * C);
        assertEquals(H, c.noiseGain(), 1e-4 * H);
        assertEquals(a2, c.accuracyCapacity(), 1e-9);
        assertEquals(-0.2, c.accuracySlope(), 1e-9);
        assertEquals(kCap / 16, c.lossFloor(Precision.fixed(2)), 1e-6);
        assertEquals(0, c.lossFloor(Precision.float32()), "float32 has no capacity term");
        // each n has its own target loss: 0.95 - 0.2 F - 1.2 / 16 = 0.80 at F = 0.375 for n = 2
        assertEquals(0.375, c.lossAtAccuracy(0.80, Precision.fixed(2)), 1e-9);
        assertEquals(0.75, c.lossAtAccuracy(0.80, Precision.float32()), 1e-9);
        assertEquals(c.roundsTo(Precision.fixed(2), 0.375), c.roundsToAccuracy(Precision.fixed(2), 0.80));
        // a target loss under n = 2's floor is never reached, one over it is
        assertEquals(-1, c.roundsTo(Precision.fixed(2), 0.9 * kCap / 16));
        assertTrue(c.roundsTo(Precision.fixed(8), 0.9 * kCap / 16) > 0);

        // noisy rounds (seeded): k_cap and a2 within three standard errors, the errors finite
        SplittableRandom random = new SplittableRandom(17);
        CalibratedPredictor noisy = new CalibratedPredictor(SETUP, 0);
        for (int bits : new int[] {2, 4, 8}) {
            for (int seed = 0; seed < 4; seed++) {
                run("n" + bits + "-" + seed, Precision.fixed(bits), 8, 1, kCap, a2, 2e-3, random)
                        .forEach(noisy::observe);
            }
        }
        Calibration n = noisy.fit();
        assertTrue(n.errors().capacityFloor() > 0 && n.errors().capacityFloor() < kCap / 2,
                "k_cap's error: " + n.errors().capacityFloor());
        assertEquals(kCap, n.capacityFloor(), 3 * n.errors().capacityFloor());
        assertTrue(n.errors().accuracyCapacity() > 0, "a2's error: " + n.errors().accuracyCapacity());
        assertEquals(a2, n.accuracyCapacity(), 3 * n.errors().accuracyCapacity());
    }

    @Test
    void withoutPilotsAtFourBitsOrLessTheFitIsTheTwoColumnOneAndHasNoCapacityTerms() {
        CalibratedPredictor predictor = new CalibratedPredictor(SETUP, 0);
        List<RoundObservation> five = run("a", Precision.fixed(5), 6, 1, 6, -1.2, 0, null);
        List<RoundObservation> eight = run("b", Precision.fixed(8), 6, 1, 6, -1.2, 0, null);
        five.forEach(predictor::observe);
        eight.forEach(predictor::observe);
        Calibration c = predictor.fit();
        assertEquals(0, c.capacityFloor());
        assertEquals(0, c.accuracyCapacity());
        assertEquals(0, c.errors().capacityFloor());
        assertEquals(0, c.errors().accuracyCapacity());
        // the two-column fit on the same pairs, bit for bit
        List<double[]> rows = new java.util.ArrayList<>();
        List<Double> ys = new java.util.ArrayList<>();
        for (List<RoundObservation> run : List.of(five, eight)) {
            for (int t = 2; t < run.size(); t++) {
                RoundObservation a = run.get(t - 1);
                RoundObservation b = run.get(t);
                double q = QuantizationVariance.ofDelta(b.deltaSquaredNorm(), D, b.bits(), false);
                double eta = b.learningRate();
                rows.add(new double[] {-eta * a.trainingLoss(), (eta * eta * I * SIGMA2 + q) / K});
                ys.add(b.trainingLoss() - a.trainingLoss());
            }
        }
        double[] x = LeastSquares.solve(rows, ys, 2);
        assertEquals(x[0], c.contraction(), 0);
        assertEquals(x[1], c.noiseGain(), 0);
    }

    @Test
    void aCapacityFloorUnderZeroIsHeldAtZero() {
        CalibratedPredictor predictor = new CalibratedPredictor(SETUP, 0);
        run("a", Precision.fixed(2), 6, 1, -6, 0, 0, null).forEach(predictor::observe);
        run("b", Precision.fixed(8), 6, 1, -6, 0, 0, null).forEach(predictor::observe);
        Calibration c = predictor.fit();
        assertEquals(0, c.capacityFloor(), "a floor that falls as n falls is no capacity loss: k_cap = 0");
        assertEquals(0, c.errors().capacityFloor());
        assertEquals(0, c.lossFloor(Precision.fixed(2)));
    }

    @Test
    void clearErrorsForOnePrecisionAndTooFewRounds() {
        CalibratedPredictor one = new CalibratedPredictor(SETUP, 0);
        run("a", Precision.fixed(4), 5, 1).forEach(one::observe);
        run("b", Precision.fixed(4), 5, 1).forEach(one::observe);
        IllegalStateException e = assertThrows(IllegalStateException.class, one::fit);
        assertTrue(e.getMessage().contains("two precisions"), e.getMessage());

        IllegalStateException shortRuns = assertThrows(IllegalStateException.class, () -> predictor(2).fit());
        assertTrue(shortRuns.getMessage().contains("pairs of consecutive rounds"), shortRuns.getMessage());
    }

    @Test
    void quantizationVarianceMatchesTheRealQuantizerAndStaysUnderLemmaOne() {
        SplittableRandom random = new SplittableRandom(7);
        for (int bits : new int[] {2, 4, 6, 8}) {
            for (double s : new double[] {0.002, 0.02, 0.2}) {
                float[] x = new float[200_000];
                for (int i = 0; i < x.length; i++) {
                    x[i] = (float) Math.max(-0.99, Math.min(0.99, s * gaussian(random)));
                }
                float[] q = new float[x.length];
                Quantizer.stochastic(bits).quantize(x, q, 11L * bits);
                double sum = 0;
                for (int i = 0; i < x.length; i++) {
                    double e = (double) q[i] - x[i];
                    sum += e * e;
                }
                double measured = sum / x.length;
                double predicted = QuantizationVariance.perValue(s, bits);
                assertEquals(predicted, measured, 0.03 * predicted, "n = " + bits + ", s = " + s);
                assertTrue(predicted <= Math.scalb(1.0, -2 * bits), "Lemma 1 bounds it");
            }
        }
        double kappa = 0.125;
        assertEquals(kappa * kappa / 6, QuantizationVariance.perValue(10, 4), 1e-12, "large deltas: kappa^2 / 6");
        assertEquals(Math.sqrt(2 / Math.PI) * 1e-4 * kappa, QuantizationVariance.perValue(1e-4, 4), 2e-3 * 1e-5,
                "small deltas: linear in the delta");
        assertEquals(0, QuantizationVariance.ofDelta(5, D, 32, true), "float32 is sent as it is");
    }

    private static double gaussian(SplittableRandom r) {
        double u = r.nextDouble();
        double v = r.nextDouble();
        return Math.sqrt(-2 * Math.log(1 - u)) * Math.cos(2 * Math.PI * v);
    }
}
