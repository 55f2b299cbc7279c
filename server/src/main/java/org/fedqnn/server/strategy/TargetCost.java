package org.fedqnn.server.strategy;

import java.util.List;
import org.fedqnn.server.calibrate.Calibration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Energy-aware's {@code score=target}: the n (and, with {@code devices=}, the K_t) of the next
 * round whose predicted joules to the run's target accuracy are the fewest, this round at it and
 * then every round at the one option that finishes cheapest from where this round leaves the
 * loss (a one-step lookahead over the calibrated recursion). A round at a cheap n that the
 * recursion says still makes progress is kept while it pays, and a higher n is taken once the
 * remaining rounds at it cost less. Each n is held to its own target loss
 * ({@link Calibration#lossAtAccuracy(double, org.fedqnn.qnn.train.Precision)}: with the capacity
 * term an n-bit model reaches the target accuracy at a different training loss). Stateless.
 */
final class TargetCost {

    /** Rounds past which a precision is taken never to reach the target. */
    static final int HORIZON = 1_000;

    private static final Logger LOG = LoggerFactory.getLogger(TargetCost.class);

    private TargetCost() {
    }

    /**
     * The candidate with the fewest predicted joules to {@code target} from {@code loss} before
     * round {@code t}; {@code current} when the fitted accuracy map is unusable or no candidate
     * reaches the target within {@value #HORIZON} rounds, or when the best saves less than
     * {@code margin} (relatively) against {@code current}.
     */
    static RoundOption choose(Calibration c, List<RoundOption> candidates, long t, double loss, double target,
                              RoundOption current, double margin) {
        if (!(c.accuracySlope() < 0) || !Double.isFinite(c.lossAtAccuracy(target))) {
            LOG.info("energy-aware: round {}: the fitted accuracy map does not fall with the loss (slope {}); "
                    + "{} stays", t, c.accuracySlope(), current);
            return current;
        }
        double[] cost = new double[candidates.size()];
        int best = -1;
        double currentCost = Double.POSITIVE_INFINITY;
        for (int i = 0; i < candidates.size(); i++) {
            cost[i] = joulesToTarget(c, candidates, candidates.get(i), t, loss, target);
            if (best < 0 || cost[i] < cost[best]) {
                best = i;
            }
            if (candidates.get(i).equals(current)) {
                currentCost = cost[i];
            }
        }
        if (!Double.isFinite(cost[best])) {
            LOG.info("energy-aware: round {}: no option reaches the target accuracy {} (float32's target loss {}) "
                    + "within {} rounds; {} stays", t, target, c.lossAtAccuracy(target), HORIZON, current);
            return current;
        }
        RoundOption chosen = candidates.get(best);
        if (!chosen.equals(current) && currentCost <= cost[best] * (1 + margin)) {
            return current; // within the margin: keep the last choice
        }
        return chosen;
    }

    /**
     * One round at {@code o} from {@code loss}, then the cheapest candidate, each held to its own
     * loss at test accuracy {@code target} (a fraction).
     */
    static double joulesToTarget(Calibration c, List<RoundOption> candidates, RoundOption o, long t, double loss,
                                 double target) {
        double after = loss - o.decrease(c, t, loss);
        double first = o.joules(c);
        if (after <= c.lossAtAccuracy(target, o.precision())) {
            return first;
        }
        double rest = Double.POSITIVE_INFINITY;
        for (RoundOption q : candidates) {
            long rounds = roundsTo(c, q, t + 1, after, c.lossAtAccuracy(target, q.precision()));
            if (rounds >= 0) {
                rest = Math.min(rest, rounds * q.joules(c));
            }
        }
        return first + rest;
    }

    /**
     * Rounds at {@code o} from loss {@code loss} before round {@code t} until the loss is at most
     * the target; -1 past the horizon.
     */
    static long roundsTo(Calibration c, RoundOption o, long t, double loss, double targetLoss) {
        double f = loss;
        for (int k = 1; k <= HORIZON; k++) {
            f -= o.decrease(c, t + k - 1, f);
            if (f <= targetLoss) {
                return k;
            }
        }
        return -1;
    }
}
