package org.fedqnn.server.calibrate;

import java.util.Objects;
import org.fedqnn.qnn.train.Precision;

/**
 * What one aggregated round measured, as the calibrated predictor takes it: the figures the
 * base station already records in {@code rounds.csv} and {@code device-rounds.csv}. Immutable.
 *
 * @param run                     which run the round belongs to (consecutive rounds of one run form the
 *                                pairs the loss recursion is fitted on)
 * @param round                   t, from 0 (the rounds.csv numbering)
 * @param precision               the training precision n of the round (the uplink one is taken equal)
 * @param learningRate            eta_t the devices used
 * @param trainingLoss            F(w_t) after the round's aggregation
 * @param testAccuracy            test accuracy after the round, a fraction
 * @param updates                 updates aggregated (received), at least 1
 * @param localSteps              I
 * @param meanSquaredGradientNorm the mean over the round's updates of (1/I) sum_s ||g_s||^2
 * @param gradientVariance        the mean over the round's updates of the step gradients' variance
 * @param computeJoules           the ledger's compute joules of the round (eq. (9))
 * @param uplinkJoules            the ledger's uplink joules of the round (eqs. (10)-(12))
 * @param uplinkBits              the bits the server read off the wire in the round
 * @param quantizationVariance    the mean over the round's updates of the quantization variance the devices
 *                                measured on their deltas (E||Q(d) - d||^2 given d, {@code quantization_variance}
 *                                in {@code device-rounds.csv}), NaN when none reported it
 */
public record RoundObservation(String run, long round, Precision precision, double learningRate,
                               double trainingLoss, double testAccuracy, int updates, int localSteps,
                               double meanSquaredGradientNorm, double gradientVariance, double computeJoules,
                               double uplinkJoules, long uplinkBits, double quantizationVariance) {

    public RoundObservation {
        Objects.requireNonNull(run, "RoundObservation.run");
        Objects.requireNonNull(precision, "RoundObservation.precision");
        if (round < 0) {
            throw new IllegalArgumentException("round must be >= 0, got " + round);
        }
        if (!(learningRate > 0) || !Double.isFinite(learningRate)) {
            throw new IllegalArgumentException("round " + round + ": learning rate must be finite and > 0, got "
                    + learningRate);
        }
        if (updates < 1 || localSteps < 1) {
            throw new IllegalArgumentException("round " + round + ": needs at least one update and one local step, "
                    + "got " + updates + " updates, I = " + localSteps);
        }
        if (!Double.isFinite(trainingLoss)) {
            throw new IllegalArgumentException("round " + round + ": training loss F(w_t) is not measured ("
                    + trainingLoss + ")");
        }
        if (!(computeJoules >= 0) || !(uplinkJoules >= 0) || uplinkBits < 0) {
            throw new IllegalArgumentException("round " + round + ": joules and bits must be >= 0, got "
                    + computeJoules + " J compute, " + uplinkJoules + " J uplink, " + uplinkBits + " bits");
        }
        if (!Double.isNaN(quantizationVariance)
                && !(quantizationVariance >= 0 && Double.isFinite(quantizationVariance))) {
            throw new IllegalArgumentException("round " + round + ": the measured quantization variance must be "
                    + "finite and >= 0 (NaN when not measured), got " + quantizationVariance);
        }
    }

    /** A round without the devices' quantization variance (NaN), as runs before they reported it. */
    public RoundObservation(String run, long round, Precision precision, double learningRate, double trainingLoss,
                            double testAccuracy, int updates, int localSteps, double meanSquaredGradientNorm,
                            double gradientVariance, double computeJoules, double uplinkJoules, long uplinkBits) {
        this(run, round, precision, learningRate, trainingLoss, testAccuracy, updates, localSteps,
                meanSquaredGradientNorm, gradientVariance, computeJoules, uplinkJoules, uplinkBits, Double.NaN);
    }

    /** Whether the devices measured the quantization variance of the round's deltas. */
    public boolean reportsQuantizationVariance() {
        return !Double.isNaN(quantizationVariance);
    }

    /** n as a number: the bit width, 32 (n_max) for float32. */
    public int bits() {
        return precision.wireBits();
    }

    /**
     * ||gbar||^2 of a device's round, gbar the mean of its I step gradients:
     * (I msq - (I - 1) var) / I, exact for the figures a device reports; NaN when not measured.
     */
    public double meanGradientSquaredNorm() {
        if (!(meanSquaredGradientNorm > 0)) {
            return Double.NaN;
        }
        double var = gradientVariance > 0 ? gradientVariance : 0;
        return Math.max(0, (localSteps * meanSquaredGradientNorm - (localSteps - 1) * var) / localSteps);
    }

    /** ||d||^2 = eta^2 I^2 ||gbar||^2, the squared norm of a device's delta before quantization. */
    public double deltaSquaredNorm() {
        return learningRate * learningRate * localSteps * (double) localSteps * meanGradientSquaredNorm();
    }
}
