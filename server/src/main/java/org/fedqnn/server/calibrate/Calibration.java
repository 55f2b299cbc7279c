package org.fedqnn.server.calibrate;

import java.util.Collection;
import java.util.function.ToDoubleFunction;
import org.fedqnn.qnn.energy.ComputeEnergy;
import org.fedqnn.qnn.train.Precision;

/**
 * The calibrated model of docs/calibrated-predictor.md, its constants fitted by
 * {@link CalibratedPredictor#fit()}. The loss follows
 *
 * <pre>
 *   F_t = F_{t-1} - c eta_t (F_{t-1} - F*(n)) + h N_t(n)
 *   F*(n) = F* + k_cap 2^(-2n)                         the capacity floor of an n-bit network
 *   N_t(n) = (eta_t^2 I sigma^2 + q_t(n)) / K          q_t(n) = E||Q(d_t) - d_t||^2 at n bits
 *   eta_t = beta / (t + gamma)                         ||d_t||^2 = eta_t^2 I^2 gbar^2
 * </pre>
 *
 * test accuracy is a0 + a1 F + a2 2^(-2n), so the loss at which an n-bit run reaches a target
 * accuracy depends on n ({@link #lossAtAccuracy(double, Precision)}); k_cap = a2 = 0 unless the
 * pilots ran at n &le; {@value CalibratedPredictor#CAPACITY_BITS} (float32 has 2^(-2n) = 0).
 *
 * and a round at precision n costs E_round(n) = K (r E^C(n) + J_bit b(n)), E^C of eq. (9) for
 * the measured round's counts, r the ledger's compute over eq. (9)'s at the pilots' n (1 when
 * the ledger charged what eq. (9) says), b(n) = b0 + b1 n the uplink bits per update fitted on
 * the bits the pilots really sent, J_bit their measured uplink joules per bit. Immutable.
 *
 * @param contraction       c, the loss gap's contraction per unit of learning rate (mu I in the paper's terms)
 * @param lossFloor         F*, the loss the recursion contracts towards without noise at float32 (given, not fitted)
 * @param capacityFloor     k_cap of the capacity floor F*(n) = F* + k_cap 2^(-2n) (fitted, &ge; 0)
 * @param noiseGain         h, loss added per unit of update noise (L / 2 in the paper's terms)
 * @param sigmaSquared      sigma^2, the mean gradient variance the devices reported
 * @param gbarSquared       gbar^2, the mean squared norm of a device's mean step gradient
 * @param beta              beta of the learning rate
 * @param gamma             gamma of the learning rate
 * @param setup             d, I, K and the energy model
 * @param computeRatio      r
 * @param bitsIntercept     b0
 * @param bitsPerPrecision  b1
 * @param joulesPerBit      J_bit
 * @param updatesPerRound   K, the mean number of updates aggregated per round
 * @param accuracyIntercept a0 of the fitted test accuracy a0 + a1 F
 * @param accuracySlope     a1
 * @param accuracyCapacity  a2, the accuracy an n-bit network gains (a2 &gt; 0) or loses per unit of 2^(-2n) at one loss
 * @param startRound        the round the forward predictions start from
 * @param startLoss         F at {@code startRound} for q = 0
 * @param startLossPerQ     how F at {@code startRound} rises with q(n) there (fitted on the pilots, &ge; 0)
 * @param residual          the root mean square residual of the loss-decrease fit
 * @param pairs             round pairs the loss recursion was fitted on
 * @param errors            the fitted constants' standard errors
 */
public record Calibration(double contraction, double lossFloor, double capacityFloor, double noiseGain,
                          double sigmaSquared, double gbarSquared, double beta, double gamma,
                          CalibratedPredictor.Setup setup, double computeRatio, double bitsIntercept,
                          double bitsPerPrecision, double joulesPerBit, double updatesPerRound,
                          double accuracyIntercept, double accuracySlope, double accuracyCapacity, long startRound,
                          double startLoss, double startLossPerQ, double residual, int pairs,
                          StandardErrors errors) {

    /** Rounds past which {@link #roundsTo} gives up. */
    public static final int HORIZON = 100_000;

    /**
     * Standard errors of the fitted constants, from the least-squares covariance s^2 (X'X)^-1 (that
     * of k_cap = (c k_cap) / c by the delta method); 0 for a constant held at 0 (k_cap, h or a2
     * not fitted), NaN where the fit had no more rows than constants.
     */
    public record StandardErrors(double contraction, double noiseGain, double capacityFloor,
                                 double accuracyIntercept, double accuracySlope, double accuracyCapacity) {

        /** No errors known: every one NaN. */
        public static final StandardErrors UNKNOWN = new StandardErrors(Double.NaN, Double.NaN, Double.NaN,
                Double.NaN, Double.NaN, Double.NaN);
    }

    /** 2^(-2n), the capacity term's regressor: 0 for float32. */
    public static double capacity(Precision p) {
        return p.isFloat() ? 0 : Math.scalb(1.0, -2 * p.wireBits());
    }

    /** F*(n) = F* + k_cap 2^(-2n), the loss an n-bit run contracts towards without noise. */
    public double lossFloor(Precision p) {
        return lossFloor + capacityFloor * capacity(p);
    }

    /** eta_t of the fitted schedule. */
    public double learningRate(long round) {
        return beta / (round + gamma);
    }

    /** q_t(n): the quantization variance one device's delta gets in round t. */
    public double quantizationVariance(Precision p, long round) {
        double eta = learningRate(round);
        double deltaSquared = eta * eta * setup.localSteps() * (double) setup.localSteps() * gbarSquared;
        return setup.quantizationVariance(deltaSquared, p);
    }

    /** N_t(n): the variance the aggregated update adds to w in round t, SGD and quantization. */
    public double noise(Precision p, long round) {
        return noise(p, round, updatesPerRound);
    }

    /** N_t(n) of a round that aggregates {@code updates} deltas instead of the pilots' K. */
    public double noise(Precision p, long round, double updates) {
        double eta = learningRate(round);
        return (eta * eta * setup.localSteps() * sigmaSquared + quantizationVariance(p, round)) / updates;
    }

    /** The expected loss decrease of round t from loss {@code loss} at precision n. */
    public double expectedDecrease(Precision p, long round, double loss) {
        return expectedDecrease(p, round, loss, updatesPerRound);
    }

    /**
     * The expected loss decrease of round t from {@code loss} at precision n with {@code updates}
     * deltas aggregated: the contraction does not depend on them, the noise falls as 1/K'.
     */
    public double expectedDecrease(Precision p, long round, double loss, double updates) {
        return contraction * learningRate(round) * (loss - lossFloor(p)) - noiseGain * noise(p, round, updates);
    }

    /** The loss the fitted recursion predicts after {@code round} at precision n, from the start. */
    public double lossAfter(Precision p, long round) {
        double f = startLoss(p);
        for (long t = startRound + 1; t <= round; t++) {
            f -= expectedDecrease(p, t, f);
        }
        return f;
    }

    /** F at the start round at precision n: startLoss + startLossPerQ q(n). */
    public double startLoss(Precision p) {
        return startLoss + startLossPerQ * quantizationVariance(p, startRound);
    }

    /**
     * The training loss that the fitted accuracy map's line a0 + a1 F puts at test accuracy
     * {@code accuracy} (a fraction), without the capacity term: float32's target loss.
     */
    public double lossAtAccuracy(double accuracy) {
        return (accuracy - accuracyIntercept) / accuracySlope;
    }

    /**
     * The training loss an n-bit run must reach for test accuracy {@code accuracy} (a fraction):
     * (accuracy - a0 - a2 2^(-2n)) / a1.
     */
    public double lossAtAccuracy(double accuracy, Precision p) {
        return (accuracy - accuracyIntercept - accuracyCapacity * capacity(p)) / accuracySlope;
    }

    /**
     * T(n): the rounds run until the fitted recursion's loss is at most {@code targetLoss}
     * (round t counted from 0 as in {@code rounds.csv}, so T = t + 1, as the sweep counts), or -1
     * when that is not within {@value #HORIZON} rounds (the noise floor is above the target).
     */
    public long roundsTo(Precision p, double targetLoss) {
        double f = startLoss(p);
        if (f <= targetLoss) {
            return startRound + 1;
        }
        for (long t = startRound + 1; t < HORIZON; t++) {
            f -= expectedDecrease(p, t, f);
            if (f <= targetLoss) {
                return t + 1;
            }
        }
        return -1;
    }

    /** One round's predicted joules at precision n, compute and uplink. */
    public RoundJoules roundJoules(Precision p) {
        return roundJoules(p, updatesPerRound);
    }

    /** The joules of a round at precision n that aggregates {@code updates} deltas: K' devices' worth. */
    public RoundJoules roundJoules(Precision p, double updates) {
        double compute = updates * computeRatio
                * ComputeEnergy.of(setup.energy(), setup.workload(), p.wireBits()).totalJoules();
        double bits = bitsPerUpdate(p);
        return new RoundJoules(compute, updates * bits * joulesPerBit, updates * bits);
    }

    /** b(n) = b0 + b1 n, the uplink bits of one update (float32 at n = 32). */
    public double bitsPerUpdate(Precision p) {
        return bitsIntercept + bitsPerPrecision * p.wireBits();
    }

    /** T(n) to test accuracy {@code accuracy}: {@link #roundsTo} the n-bit run's own target loss. */
    public long roundsToAccuracy(Precision p, double accuracy) {
        return roundsTo(p, lossAtAccuracy(accuracy, p));
    }

    /** f_E(n) = T(n) E_round(n), infinite when T(n) is beyond the horizon. */
    public double joulesTo(Precision p, double targetLoss) {
        long t = roundsTo(p, targetLoss);
        return t < 0 ? Double.POSITIVE_INFINITY : t * roundJoules(p).totalJoules();
    }

    /**
     * The candidate with the largest predicted loss decrease per joule in round t from loss
     * {@code loss}: argmax of {@link #expectedDecrease} / E_round(n); ties go to the cheaper
     * round. When no candidate is predicted to decrease the loss, the one with the largest
     * (least negative) decrease.
     *
     * @throws IllegalArgumentException for no candidates
     */
    public Precision bestPrecisionPerJoule(Collection<Precision> candidates, long round, double loss) {
        if (candidates.isEmpty()) {
            throw new IllegalArgumentException("bestPrecisionPerJoule needs at least one candidate precision");
        }
        return bestPerJoule(candidates, p -> expectedDecrease(p, round, loss), p -> roundJoules(p).totalJoules());
    }

    /**
     * The candidate with the largest {@code decrease} per {@code joules}, ties to the cheaper; when
     * none has a positive decrease, the largest (least negative) decrease; null when no score
     * is above -infinity (NaN scores). What {@link #bestPrecisionPerJoule} does over precisions,
     * over any candidates (energy-aware's pairs of n and K_t).
     */
    public static <T> T bestPerJoule(Collection<T> candidates, ToDoubleFunction<T> decrease,
                                     ToDoubleFunction<T> joules) {
        boolean anyDecrease = candidates.stream().anyMatch(o -> decrease.applyAsDouble(o) > 0);
        T best = null;
        double bestScore = Double.NEGATIVE_INFINITY;
        double bestCost = Double.POSITIVE_INFINITY;
        for (T o : candidates) {
            double d = decrease.applyAsDouble(o);
            double cost = joules.applyAsDouble(o);
            double score = anyDecrease ? d / cost : d;
            if (score > bestScore || (score == bestScore && cost < bestCost)) {
                best = o;
                bestScore = score;
                bestCost = cost;
            }
        }
        return best;
    }

    /** A round's predicted joules and uplink bits. */
    public record RoundJoules(double computeJoules, double uplinkJoules, double uplinkBits) {

        public double totalJoules() {
            return computeJoules + uplinkJoules;
        }
    }
}
