package org.fedqnn.server.strategy;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.fedqnn.qnn.train.Precision;
import org.fedqnn.server.calibrate.CalibratedPredictor;
import org.fedqnn.server.calibrate.Calibration;
import org.fedqnn.server.calibrate.RoundObservation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Energy-aware precision: each round, the n with the best predicted loss decrease per joule of
 * the calibrated model (docs/calibrated-predictor.md), fitted on this run's own rounds as it goes.
 *
 * <ol>
 *   <li><b>Exploration.</b> Rounds 0 .. explore-1 alternate between two precisions, low on even
 *       rounds and high on odd ones: the calibration needs rounds at two precisions and two
 *       pairs of consecutive rounds after the first.</li>
 *   <li><b>Choice.</b> At round explore and every {@code every} rounds after it, a
 *       {@link CalibratedPredictor} takes every aggregated round so far with a measured loss,
 *       fits, and {@link Calibration#bestPrecisionPerJoule} picks among n = min..max for the round
 *       from the last observed loss. Hysteresis: the n of the last round is kept unless the new
 *       one's predicted decrease per joule beats it by more than {@code margin}, relatively
 *       (when both predict a decrease). Between choices n stays.</li>
 *   <li><b>Fallback.</b> When the fit fails (too few usable rounds, losses that do not contract,
 *       gradient figures missing) or its scores are not finite, the last round's n is kept and a
 *       line is logged; the run goes on.</li>
 * </ol>
 *
 * With a target accuracy ({@code score=target}) the choice is {@link TargetCost}'s instead: the n
 * of the fewest predicted joules to the target, the margin comparing those joules. Rounds at a
 * low below min are explored, never chosen. The loss observed is {@link FinishedRound#watchedLoss}. m is n every round, or a fixed width
 * (then the model still prices a round's noise at n). With a {@link Participation} range
 * ({@code devices=}) each choice is of n and K_t together, the model pricing a round of K_t
 * devices at K_t times the joules and 1/K_t of the noise; the exploration rounds select the
 * fewest devices of the range. A deterministic function of the history:
 * it refits from the whole history at each choice and keeps no state. Immutable.
 */
public final class EnergyAwarePrecision implements PrecisionPolicy {

    /** The policy's name. */
    public static final String NAME = "energy-aware";
    /** The fewest exploration rounds: two pairs of consecutive rounds after the first, at two precisions. */
    public static final int MIN_EXPLORE = 4;

    private static final Logger LOG = LoggerFactory.getLogger(EnergyAwarePrecision.class);
    private static final String RUN = "this run";

    private final int explore;
    private final int low;
    private final int high;
    private final int min;
    private final int max;
    private final int every;
    private final double margin;
    private final Precision uplink;
    private final CalibratedPredictor.Setup setup;
    private final double lossFloor;
    private final double target;
    private final boolean namedUplink;
    private final Participation devices;

    /**
     * How many of the run's K devices a round may select when energy-aware chooses that too
     * ({@code devices=fewest-most}, {@code auto} for 1-K).
     *
     * @param fewest K_t of the exploration rounds and the lowest candidate, at least 1
     * @param most   the highest candidate, fewest..K
     */
    public record Participation(int fewest, int most) {

        public Participation {
            if (fewest < 1 || most < fewest) {
                throw new IllegalArgumentException("energy-aware: devices must be a range 1 <= fewest <= most, got "
                        + fewest + "-" + most);
            }
        }
    }

    /**
     * @param explore   rounds of exploration, at least {@value #MIN_EXPLORE}
     * @param low       n of the even exploration rounds, 1..high-1 (below min: explored, never chosen)
     * @param high      n of the odd exploration rounds, low+1..max
     * @param min       the lowest candidate n of the choices, 1..high
     * @param max       the ceiling of n (the run's --bits), at most 32
     * @param every     rounds between two choices, at least 1
     * @param margin    the relative gain in predicted decrease per joule a new n must show to replace the last
     *                  one, finite and &ge; 0
     * @param uplink    m every round, or null for m = n
     * @param setup     d, I and the energy model of the run, for the predictor
     * @param lossFloor F*, the run's {@code --f-star}
     */
    public EnergyAwarePrecision(int explore, int low, int high, int min, int max, int every, double margin,
                                Precision uplink, CalibratedPredictor.Setup setup, double lossFloor) {
        this(explore, low, high, min, max, every, margin, uplink, setup, lossFloor, Double.NaN, false);
    }

    /**
     * As the constructor above, scored by the predicted joules to {@code target} when it is not
     * NaN ({@code score=target}, see {@link #choose}).
     *
     * @param target      the run's target test accuracy in (0, 1], or NaN to score by decrease per joule
     * @param namedUplink whether m was the policy's {@code uplink=} parameter (then {@link #describe} names it),
     *                    not the run's {@code --uplink-bits}
     */
    public EnergyAwarePrecision(int explore, int low, int high, int min, int max, int every, double margin,
                                Precision uplink, CalibratedPredictor.Setup setup, double lossFloor, double target,
                                boolean namedUplink) {
        this(explore, low, high, min, max, every, margin, uplink, setup, lossFloor, target, namedUplink, null);
    }

    /**
     * As the constructor above, choosing K_t too within {@code devices} (null: every round selects
     * the run's K).
     */
    public EnergyAwarePrecision(int explore, int low, int high, int min, int max, int every, double margin,
                                Precision uplink, CalibratedPredictor.Setup setup, double lossFloor, double target,
                                boolean namedUplink, Participation devices) {
        if (namedUplink && uplink == null) {
            throw new IllegalArgumentException("energy-aware: a named uplink width needs the width");
        }
        if (!Double.isNaN(target) && !(target > 0 && target <= 1)) {
            throw new IllegalArgumentException("energy-aware: score=target needs a target accuracy in (0, 1] "
                    + "(--target-accuracy), got " + target);
        }
        if (max < 2 || max > 32) {
            throw new IllegalArgumentException("energy-aware: the ceiling of n (--bits) must be in 2..32, got " + max);
        }
        if (min < 1 || min > max) {
            throw new IllegalArgumentException("energy-aware: min must be in 1.." + max + " (the ceiling, --bits), got "
                    + min);
        }
        if (low < 1 || low >= high || high > max || min > high) {
            throw new IllegalArgumentException("energy-aware: the exploration precisions need 1 <= low < high "
                    + "<= max and min <= high, got low = " + low + ", high = " + high + ", min = " + min + ", max = "
                    + max);
        }
        if (explore < MIN_EXPLORE) {
            throw new IllegalArgumentException("energy-aware: explore must be >= " + MIN_EXPLORE + " rounds (the "
                    + "calibration needs two pairs of consecutive rounds after the first, at two precisions), got "
                    + explore);
        }
        if (every < 1) {
            throw new IllegalArgumentException("energy-aware: every must be >= 1 round, got " + every);
        }
        if (!(margin >= 0) || !Double.isFinite(margin)) {
            throw new IllegalArgumentException("energy-aware: margin must be finite and >= 0, got " + margin);
        }
        if (uplink != null && uplink.isFloat()) {
            throw new IllegalArgumentException("energy-aware: the uplink width must be fixed point, got float32");
        }
        this.explore = explore;
        this.low = low;
        this.high = high;
        this.min = min;
        this.max = max;
        this.every = every;
        this.margin = margin;
        this.uplink = uplink;
        this.setup = Objects.requireNonNull(setup, "setup");
        this.lossFloor = lossFloor;
        this.target = target;
        this.namedUplink = namedUplink;
        this.devices = devices;
    }

    @Override
    public RoundPrecision next(RoundHistory history) {
        int t = history.size();
        if (t < explore) {
            return precisionAt(new RoundOption(Precision.fixed(t % 2 == 0 ? low : high),
                    devices == null ? RoundPrecision.RUN_K : devices.fewest()));
        }
        FinishedRound last = history.last();
        int n = Math.max(min, Math.min(max, last.precision().training().bits()));
        RoundOption current = new RoundOption(Precision.fixed(n), devices == null ? RoundPrecision.RUN_K
                : Math.max(devices.fewest(), Math.min(devices.most(), last.updates())));
        if ((t - explore) % every != 0) {
            return precisionAt(current);
        }
        return precisionAt(choose(history.rounds(), t, current));
    }

    /** The option of round {@code t} from a fit on {@code rounds}, {@code current} when the fit fails. */
    RoundOption choose(List<FinishedRound> rounds, long t, RoundOption current) {
        CalibratedPredictor predictor = new CalibratedPredictor(setup, lossFloor);
        RoundObservation last = null;
        for (FinishedRound r : rounds) {
            RoundObservation o = observation(r);
            if (o != null) {
                predictor.observe(o);
                last = o;
            }
        }
        if (last == null) {
            LOG.info("energy-aware: round {}: no aggregated round with a measured loss and energy yet; n stays {}",
                    t, current);
            return current;
        }
        Calibration c;
        try {
            c = predictor.fit();
        } catch (IllegalStateException | IllegalArgumentException e) {
            LOG.info("energy-aware: round {}: the calibration failed ({}); n stays {}", t, e.getMessage(), current);
            return current;
        }
        List<RoundOption> candidates = candidates();
        double loss = last.trainingLoss();
        if (!Double.isNaN(target)) {
            return TargetCost.choose(c, candidates, t, loss, target, current, margin);
        }
        RoundOption best = Calibration.bestPerJoule(candidates, o -> o.decrease(c, t, loss), o -> o.joules(c));
        double bestScore = best == null ? Double.NaN : score(c, best, t, loss);
        double currentScore = score(c, current, t, loss);
        if (!Double.isFinite(bestScore) || !Double.isFinite(currentScore)) {
            LOG.info("energy-aware: round {}: the calibrated scores are not finite (c = {}, h = {}); {} stays", t,
                    c.contraction(), c.noiseGain(), current);
            return current;
        }
        if (!best.equals(current) && bestScore > 0 && currentScore > 0 && bestScore <= currentScore * (1 + margin)) {
            return current; // within the margin: keep the last choice
        }
        return best;
    }

    /** n = min..max, each at K_t = fewest..most of the participation range, or at the run's K. */
    private List<RoundOption> candidates() {
        List<RoundOption> candidates = new ArrayList<>();
        for (int n = min; n <= max; n++) {
            if (devices == null) {
                candidates.add(RoundOption.atRunK(n));
            } else {
                for (int k = devices.fewest(); k <= devices.most(); k++) {
                    candidates.add(new RoundOption(Precision.fixed(n), k));
                }
            }
        }
        return candidates;
    }

    /** Predicted loss decrease per joule of a round at {@code o}. */
    private static double score(Calibration c, RoundOption o, long t, double loss) {
        return o.decrease(c, t, loss) / o.joules(c);
    }

    /** {@code r} as the predictor takes it, or null when it did not aggregate or lacks a loss or energy. */
    RoundObservation observation(FinishedRound r) {
        double loss = r.watchedLoss();
        if (!r.aggregated() || r.updates() < 1 || !Double.isFinite(loss) || !(r.learningRate() > 0)
                || !Double.isFinite(r.learningRate()) || !(r.computeJoules() >= 0) || !(r.uplinkJoules() >= 0)
                || r.precision().training().isFloat()) {
            return null;
        }
        return new RoundObservation(RUN, r.round(), r.precision().training(), r.learningRate(), loss,
                r.testAccuracy(), r.updates(), setup.localSteps(), r.meanSquaredGradientNorm(),
                r.meanGradientVariance(), r.computeJoules(), r.uplinkJoules(), r.uplinkBits(),
                r.quantizationVariance());
    }

    private RoundPrecision precisionAt(RoundOption o) {
        return new RoundPrecision(o.precision(), uplink == null ? o.precision() : uplink, o.devices());
    }

    @Override
    public String describe() {
        return NAME + ":explore=" + explore + ",low=" + low + ",high=" + high + ",min=" + min + ",max=" + max
                + ",every=" + every + ",margin=" + String.format(Locale.ROOT, "%s", margin)
                + (Double.isNaN(target) ? "" : ",score=target") + (namedUplink ? ",uplink=" + uplink.bits() : "")
                + (devices == null ? "" : ",devices=" + devices.fewest() + "-" + devices.most());
    }
}
