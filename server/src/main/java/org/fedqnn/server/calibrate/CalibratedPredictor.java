package org.fedqnn.server.calibrate;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import org.fedqnn.qnn.energy.ComputeEnergy;
import org.fedqnn.qnn.energy.ComputeWorkload;
import org.fedqnn.qnn.energy.EnergyParameters;
import org.fedqnn.qnn.train.Precision;

/**
 * Rounds-to-target T(n) and joules-to-target f_E(n) calibrated from measured rounds
 * (docs/calibrated-predictor.md): the loss recursion of {@link Calibration} is fitted by least
 * squares on the loss decreases of consecutive rounds, its noise term built from the gradient
 * variance the devices report and the quantization variance each precision injects (what the
 * devices measured on their deltas where the rounds carry it, else {@link QuantizationVariance}'s
 * closed form scaled by the measured-to-closed-form ratio of {@link QuantizationScale}, which is 1
 * when no round carries it), and the per-round joules from the ledger.
 *
 * <p>Use, offline (pilot runs, {@link PilotRuns}) or online (a precision policy, one round at
 * a time):
 *
 * <pre>
 *   CalibratedPredictor predictor = new CalibratedPredictor(setup, fStar);
 *   predictor.observe(round);                      // each aggregated round, in order within a run
 *   Calibration c = predictor.fit();               // needs rounds at two precisions at least
 *   long t = c.roundsTo(Precision.fixed(6), c.lossAtAccuracy(0.80));
 *   double joules = c.joulesTo(Precision.fixed(6), targetLoss);
 *   Precision next = predictor.bestPrecisionPerJoule(candidates);   // for the round after the last observed
 * </pre>
 *
 * Pairs for the fit are consecutive rounds (t - 1, t) of the same {@link RoundObservation#run},
 * except the pair after each run's first round (the transient from the initial model).
 * Not thread-safe.
 */
public final class CalibratedPredictor {

    /**
     * What the model needs that rounds do not carry.
     *
     * @param modelSize          d, the values in one update
     * @param localSteps         I
     * @param energy             the ledger's energy model (eq. (9))
     * @param workload           one update's measured-round counts ({@link ComputeWorkload#measuredRound})
     * @param quantizationScale  how the devices' measured quantization variance scales the closed form
     *                           ({@link QuantizationScale}); {@link #fit()} sets it from the rounds
     */
    public record Setup(long modelSize, int localSteps, EnergyParameters energy, ComputeWorkload workload,
                        QuantizationScale quantizationScale) {

        public Setup {
            Objects.requireNonNull(energy, "Setup.energy");
            Objects.requireNonNull(workload, "Setup.workload");
            Objects.requireNonNull(quantizationScale, "Setup.quantizationScale");
            if (modelSize < 1 || localSteps < 1) {
                throw new IllegalArgumentException("d and I must be >= 1, got d = " + modelSize + ", I = "
                        + localSteps);
            }
        }

        /** A setup whose quantization variance is the closed form as it is ({@link QuantizationScale#NONE}). */
        public Setup(long modelSize, int localSteps, EnergyParameters energy, ComputeWorkload workload) {
            this(modelSize, localSteps, energy, workload, QuantizationScale.NONE);
        }

        /** This setup with {@code scale}. */
        public Setup withQuantizationScale(QuantizationScale scale) {
            return new Setup(modelSize, localSteps, energy, workload, scale);
        }

        /**
         * q(n) of one update whose delta has squared norm {@code deltaSquaredNorm}: the closed form of
         * {@link QuantizationVariance#ofDelta} times r(n) of {@link #quantizationScale} (0 for float32).
         */
        public double quantizationVariance(double deltaSquaredNorm, Precision p) {
            return quantizationScale.at(p)
                    * QuantizationVariance.ofDelta(deltaSquaredNorm, modelSize, p.wireBits(), p.isFloat());
        }
    }

    private final Setup setup;
    private final double lossFloor;
    private final List<RoundObservation> rounds = new ArrayList<>();

    /** @param lossFloor F*, the loss the gap is measured to (the run's {@code --f-star}, 0 by default) */
    public CalibratedPredictor(Setup setup, double lossFloor) {
        this.setup = Objects.requireNonNull(setup, "setup");
        if (!Double.isFinite(lossFloor)) {
            throw new IllegalArgumentException("F* must be finite, got " + lossFloor);
        }
        this.lossFloor = lossFloor;
    }

    /** Whether observation i is the first of its run (no earlier observation of the same run). */
    private boolean isFirst(int i) {
        String run = rounds.get(i).run();
        for (int j = 0; j < i; j++) {
            if (rounds.get(j).run().equals(run)) {
                return false;
            }
        }
        return true;
    }

    /** Takes one aggregated round. */
    public void observe(RoundObservation round) {
        rounds.add(Objects.requireNonNull(round, "round"));
    }

    /** The rounds taken so far. */
    public List<RoundObservation> observations() {
        return List.copyOf(rounds);
    }

    /**
     * The candidate with the best predicted loss decrease per joule for the round after the last
     * one observed, from its loss ({@link Calibration#bestPrecisionPerJoule}).
     */
    public Precision bestPrecisionPerJoule(Collection<Precision> candidates) {
        if (rounds.isEmpty()) {
            throw new IllegalStateException("no round observed yet");
        }
        RoundObservation last = rounds.get(rounds.size() - 1);
        return fit().bestPrecisionPerJoule(candidates, last.round() + 1, last.trainingLoss());
    }

    /**
     * Fits the model on every round observed.
     *
     * @throws IllegalStateException naming what is missing: too few round pairs, rounds at one
     *                               precision only, a loss that does not decrease
     */
    public Calibration fit() {
        long precisions = rounds.stream().map(RoundObservation::precision).distinct().count();
        if (precisions < 2) {
            throw new IllegalStateException("the calibration needs rounds at two precisions at least (the "
                    + "quantization term is told apart from the SGD noise by their difference); got "
                    + (rounds.isEmpty() ? "no rounds" : "only " + rounds.get(0).precision()));
        }
        double sigmaSquared = mean(rounds.stream().mapToDouble(RoundObservation::gradientVariance)
                .filter(v -> v > 0).toArray());
        double gbarSquared = mean(rounds.stream().mapToDouble(RoundObservation::meanGradientSquaredNorm)
                .filter(Double::isFinite).toArray());
        if (Double.isNaN(sigmaSquared) || Double.isNaN(gbarSquared)) {
            throw new IllegalStateException("no round carries the devices' gradient figures (needs I >= 2)");
        }
        double[] schedule = schedule();
        Setup fitted = setup.withQuantizationScale(QuantizationScale.fit(rounds, setup.modelSize()));
        List<double[]> rows = new ArrayList<>();
        List<Double> ys = new ArrayList<>();
        for (int i = 1; i < rounds.size(); i++) {
            RoundObservation a = rounds.get(i - 1);
            RoundObservation b = rounds.get(i);
            if (!a.run().equals(b.run()) || b.round() != a.round() + 1 || isFirst(i - 1)) {
                continue; // not consecutive, or the transient pair after a run's first round
            }
            double eta = b.learningRate();
            // what the devices measured on this round's deltas, else the (scaled) closed form
            double q = b.reportsQuantizationVariance() ? b.quantizationVariance()
                    : fitted.quantizationVariance(b.deltaSquaredNorm(), b.precision());
            double var = b.gradientVariance() > 0 ? b.gradientVariance() : sigmaSquared;
            double noise = (eta * eta * b.localSteps() * var + q) / b.updates();
            rows.add(new double[] {-eta * (a.trainingLoss() - lossFloor), noise});
            ys.add(b.trainingLoss() - a.trainingLoss());
        }
        if (rows.size() < 2) {
            throw new IllegalStateException("the calibration needs at least 2 pairs of consecutive rounds after "
                    + "each run's first round, got " + rows.size() + " (run the pilots for 3-5 rounds)");
        }
        double[] x = LeastSquares.solve(rows, ys, 2);
        if (x == null || x[1] < 0) {
            // no noise gain the data can support: h = 0, fit c alone
            double[] one = LeastSquares.solve(rows, ys, 1);
            x = one == null ? null : new double[] {one[0], 0};
        }
        if (x == null || !(x[0] > 0)) {
            throw new IllegalStateException("the observed losses do not contract towards F* = " + lossFloor
                    + " (fitted c = " + (x == null ? "undetermined" : x[0]) + "); the pilots need more rounds");
        }
        double residual = LeastSquares.rms(rows, ys, x);
        double[] energy = energy();
        double[] accuracy = accuracyMap();
        long startRound = rounds.stream().mapToLong(RoundObservation::round).min().orElseThrow() + 1;
        double[] start = startLoss(fitted, startRound, gbarSquared);
        double updates = mean(rounds.stream().mapToDouble(RoundObservation::updates).toArray());
        return new Calibration(x[0], lossFloor, x[1], sigmaSquared, gbarSquared, schedule[0], schedule[1], fitted,
                energy[0], energy[1], energy[2], energy[3], updates, accuracy[0], accuracy[1], startRound, start[0], start[1],
                residual, rows.size());
    }

    /**
     * F at the start round as a + k q(n) over the runs' losses there: the transient after the
     * first round is where a low precision falls behind (k = 0, the mean, when the runs do not
     * show a loss that rises with q).
     */
    private double[] startLoss(Setup fitted, long startRound, double gbarSquared) {
        List<double[]> rows = new ArrayList<>();
        List<Double> ys = new ArrayList<>();
        for (RoundObservation r : rounds) {
            if (r.round() == startRound) {
                double eta = r.learningRate();
                double delta = eta * eta * setup.localSteps() * (double) setup.localSteps() * gbarSquared;
                rows.add(new double[] {1, fitted.quantizationVariance(delta, r.precision())});
                ys.add(r.trainingLoss());
            }
        }
        double[] x = LeastSquares.solve(rows, ys, 2);
        if (x == null || !(x[1] > 0)) {
            return new double[] {mean(ys.stream().mapToDouble(Double::doubleValue).toArray()), 0};
        }
        return x;
    }

    /** beta and gamma of eta_t = beta / (t + gamma), from 1 / eta_t = t / beta + gamma / beta. */
    private double[] schedule() {
        List<double[]> rows = new ArrayList<>();
        List<Double> ys = new ArrayList<>();
        for (RoundObservation r : rounds) {
            rows.add(new double[] {r.round(), 1});
            ys.add(1 / r.learningRate());
        }
        double[] x = LeastSquares.solve(rows, ys, 2);
        if (x == null || !(x[0] > 0)) {
            throw new IllegalStateException("the rounds' learning rates do not follow eta_t = beta / (t + gamma)");
        }
        return new double[] {1 / x[0], x[1] / x[0]};
    }

    /** r, b0, b1, J_bit. */
    private double[] energy() {
        double measured = 0;
        double modelled = 0;
        double joules = 0;
        double bits = 0;
        List<double[]> rows = new ArrayList<>();
        List<Double> ys = new ArrayList<>();
        for (RoundObservation r : rounds) {
            measured += r.computeJoules();
            modelled += r.updates() * ComputeEnergy.of(setup.energy(), setup.workload(), r.bits()).totalJoules();
            joules += r.uplinkJoules();
            bits += r.uplinkBits();
            rows.add(new double[] {1, r.bits()});
            ys.add((double) r.uplinkBits() / r.updates());
        }
        double[] line = LeastSquares.solve(rows, ys, 2);
        if (line == null || !(bits > 0)) {
            throw new IllegalStateException("the rounds carry no uplink bits to fit b(n) on");
        }
        return new double[] {modelled > 0 ? measured / modelled : 1, line[0], line[1], joules / bits};
    }

    /** a0, a1 of test accuracy = a0 + a1 F. */
    private double[] accuracyMap() {
        List<double[]> rows = new ArrayList<>();
        List<Double> ys = new ArrayList<>();
        for (int i = 0; i < rounds.size(); i++) {
            RoundObservation r = rounds.get(i);
            if (Double.isFinite(r.testAccuracy()) && !isFirst(i)) {
                rows.add(new double[] {1, r.trainingLoss()});
                ys.add(r.testAccuracy());
            }
        }
        double[] x = LeastSquares.solve(rows, ys, 2);
        return x == null ? new double[] {Double.NaN, Double.NaN} : x;
    }

    /** The mean of {@code values}, summed in their order; NaN when there are none. */
    public static double mean(double[] values) {
        if (values.length == 0) {
            return Double.NaN;
        }
        double sum = 0;
        for (double v : values) {
            sum += v;
        }
        return sum / values.length;
    }
}
