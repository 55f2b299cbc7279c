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
 * when no round carries it), and the per-round joules from the ledger. With a round at
 * n &le; {@value #CAPACITY_BITS} it also fits the capacity terms: a loss floor that rises as
 * 2^(-2n) and an accuracy map with a 2^(-2n) term, so each n has its own target loss.
 *
 * <p>Use, offline (pilot runs, {@link PilotRuns}) or online (a precision policy, one round at
 * a time):
 *
 * <pre>
 *   CalibratedPredictor predictor = new CalibratedPredictor(setup, fStar);
 *   predictor.observe(round);                      // each aggregated round, in order within a run
 *   Calibration c = predictor.fit();               // needs rounds at two precisions at least
 *   long t = c.roundsToAccuracy(Precision.fixed(6), 0.80);   // to n = 6's own target loss
 *   double joules = c.joulesTo(Precision.fixed(6), c.lossAtAccuracy(0.80, Precision.fixed(6)));
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

    /**
     * The capacity terms (k_cap of the loss floor, a2 of the accuracy map) are fitted only when a
     * round ran at n at most this: above it 2^(-2n) is too small for the pilots to tell it apart.
     */
    public static final int CAPACITY_BITS = 4;

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
        boolean capacity = rounds.stream().anyMatch(r -> !r.precision().isFloat() && r.bits() <= CAPACITY_BITS);
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
            rows.add(new double[] {-eta * (a.trainingLoss() - lossFloor), noise,
                eta * Calibration.capacity(b.precision())});
            ys.add(b.trainingLoss() - a.trainingLoss());
        }
        if (rows.size() < 2) {
            throw new IllegalStateException("the calibration needs at least 2 pairs of consecutive rounds after "
                    + "each run's first round, got " + rows.size() + " (run the pilots for 3-5 rounds)");
        }
        Recursion fit = fitRecursion(rows, ys, capacity);
        double[] x = fit.x();
        if (x == null || !(x[0] > 0)) {
            throw new IllegalStateException("the observed losses do not contract towards F* = " + lossFloor
                    + " (fitted c = " + (x == null ? "undetermined" : x[0]) + "); the pilots need more rounds");
        }
        double[] energy = energy();
        AccuracyMap accuracy = accuracyMap(capacity);
        long startRound = rounds.stream().mapToLong(RoundObservation::round).min().orElseThrow() + 1;
        double[] start = startLoss(fitted, startRound, gbarSquared);
        double updates = mean(rounds.stream().mapToDouble(RoundObservation::updates).toArray());
        Calibration.StandardErrors errors = new Calibration.StandardErrors(fit.se()[0], fit.se()[1], fit.se()[2],
                accuracy.se()[0], accuracy.se()[1], accuracy.se()[2]);
        return new Calibration(x[0], lossFloor, x[2], x[1], sigmaSquared, gbarSquared, schedule[0], schedule[1],
                fitted, energy[0], energy[1], energy[2], energy[3], updates, accuracy.x()[0], accuracy.x()[1],
                accuracy.x()[2], startRound, start[0], start[1], fit.rms(), rows.size(), errors);
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

    /**
     * a0, a1 and a2 of test accuracy = a0 + a1 F + a2 2^(-2n), with their standard errors; a2 = 0
     * (not fitted) without {@code capacity}, or when the three columns are not determined.
     */
    private AccuracyMap accuracyMap(boolean capacity) {
        List<double[]> rows = new ArrayList<>();
        List<Double> ys = new ArrayList<>();
        for (int i = 0; i < rounds.size(); i++) {
            RoundObservation r = rounds.get(i);
            if (Double.isFinite(r.testAccuracy()) && !isFirst(i)) {
                rows.add(new double[] {1, r.trainingLoss(), Calibration.capacity(r.precision())});
                ys.add(r.testAccuracy());
            }
        }
        LeastSquares.Fit three = capacity ? LeastSquares.fit(rows, ys, 3) : null;
        if (three != null) {
            return new AccuracyMap(three.x(), three.standardErrors());
        }
        LeastSquares.Fit two = LeastSquares.fit(rows, ys, 2);
        return two == null ? new AccuracyMap(new double[] {Double.NaN, Double.NaN, 0},
                new double[] {Double.NaN, Double.NaN, 0})
                : new AccuracyMap(new double[] {two.x()[0], two.x()[1], 0},
                        new double[] {two.standardError(0), two.standardError(1), 0});
    }

    /** The accuracy map's a0, a1, a2 and their standard errors. */
    private record AccuracyMap(double[] x, double[] se) {
    }

    /**
     * The recursion's c, h and k_cap (x[0..2]), their standard errors and the rms residual.
     *
     * @param x   null when c is not determined
     * @param se  standard errors, 0 for a constant held at 0
     * @param rms the fit's root mean square residual
     */
    private record Recursion(double[] x, double[] se, double rms) {
    }

    /**
     * c, h and k_cap by least squares on the decreases: the columns are -eta (F_{t-1} - F*), N_t(n)
     * and eta 2^(-2n), whose coefficients are c, h and c k_cap. When h comes out negative (or c not
     * positive) with the capacity column, h = 0 and c, k_cap are refitted. k_cap is kept only when
     * it is at least its standard error (so positive, and told apart from 0 by the pilots); otherwise, or without
     * {@code capacity}, or when the three columns are not determined, k_cap = 0 and the fit is that
     * of c and h alone, as without capacity: then, when h comes out negative, h = 0 and c is fitted
     * alone.
     */
    private static Recursion fitRecursion(List<double[]> rows, List<Double> ys, boolean capacity) {
        if (capacity) {
            LeastSquares.Fit f = LeastSquares.fit(rows, ys, 3);
            Recursion r = f == null || !(f.x()[0] > 0) || f.x()[1] < 0 ? null : capacityRecursion(f, 1);
            if (r == null) {
                // h < 0 (or c undetermined) next to the capacity column: h = 0, c and c k_cap refitted
                LeastSquares.Fit g = LeastSquares.fit(columns(rows, 0, 2), ys, 2);
                r = g == null || !(g.x()[0] > 0) ? null : capacityRecursion(g, -1);
            }
            if (r != null && r.x()[2] > 0 && r.x()[2] >= r.se()[2]) {
                return r;
            }
        }
        LeastSquares.Fit f = LeastSquares.fit(rows, ys, 2);
        if (f != null && f.x()[1] >= 0) {
            return new Recursion(new double[] {f.x()[0], f.x()[1], 0},
                    new double[] {f.standardError(0), f.standardError(1), 0}, f.rms());
        }
        // no noise gain the data can support: h = 0, fit c alone
        LeastSquares.Fit one = LeastSquares.fit(rows, ys, 1);
        if (one == null) {
            return new Recursion(null, null, Double.NaN);
        }
        return new Recursion(new double[] {one.x()[0], 0, 0}, new double[] {one.standardError(0), 0, 0}, one.rms());
    }

    /**
     * c, h, k_cap from a fit whose coefficients are c, (h at {@code noise}, absent when -1) and
     * g = c k_cap last: k_cap = g / c, its standard error by the delta method.
     */
    private static Recursion capacityRecursion(LeastSquares.Fit f, int noise) {
        int last = f.x().length - 1;
        double c = f.x()[0];
        double g = f.x()[last];
        double[][] v = f.covariance();
        double k = g / c;
        double varK = (v[last][last] - 2 * k * v[0][last] + k * k * v[0][0]) / (c * c);
        double h = noise < 0 ? 0 : f.x()[noise];
        double seH = noise < 0 ? 0 : f.standardError(noise);
        return new Recursion(new double[] {c, h, k}, new double[] {f.standardError(0), seH, Math.sqrt(varK)},
                f.rms());
    }

    /** The rows with only the columns {@code a} and {@code b}. */
    private static List<double[]> columns(List<double[]> rows, int a, int b) {
        List<double[]> out = new ArrayList<>();
        for (double[] r : rows) {
            out.add(new double[] {r[a], r[b]});
        }
        return out;
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
