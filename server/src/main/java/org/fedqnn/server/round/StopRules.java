package org.fedqnn.server.round;

import java.util.Locale;
import java.util.Objects;
import org.fedqnn.server.BelowQuorum;
import org.fedqnn.server.RunSettings;
import org.fedqnn.server.measures.MeasureSettings;
import org.fedqnn.server.records.RoundRecord;

/**
 * When a run stops (Algorithm 1's loop condition, and the failures around it), checked after
 * every round in this order: a round below quorum (at once, or after more than maxRepeats in a
 * row), the target loss gap epsilon, the target test accuracy; and the maximum number of rounds
 * when the loop runs out. Not thread-safe: the round loop's thread owns it.
 */
public final class StopRules {

    /**
     * Why the run stops.
     *
     * @param reason    in words, e.g. "target accuracy 80.00% reached"
     * @param completed true when a stop rule was met, false when the run failed
     */
    public record Stop(String reason, boolean completed) {
    }

    private final RunSettings settings;
    private int missedInARow;

    public StopRules(RunSettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    /** Rounds below quorum in a row so far, for a checkpoint. */
    public int missedInARow() {
        return missedInARow;
    }

    /** Continues from a checkpoint's count of rounds below quorum in a row. */
    public void restore(int missed) {
        missedInARow = missed;
    }

    /** After round {@code rec}: the reason to stop, or null to go on. */
    public Stop afterRound(RoundRecord rec) {
        if (rec.aggregated()) {
            missedInARow = 0;
        } else {
            missedInARow++;
            String why = "round " + rec.round() + " received " + rec.received() + " updates, below the quorum of "
                    + settings.quorumOf(rec.selected());
            if (settings.belowQuorum() == BelowQuorum.STOP) {
                return new Stop(why, false);
            }
            if (missedInARow > settings.maxRepeats()) {
                return new Stop(why + ", " + missedInARow + " rounds in a row", false);
            }
        }
        MeasureSettings targets = settings.measures();
        if (targets.hasTargetGap() && rec.bound().gap() <= targets.targetGap()) {
            return new Stop(String.format(Locale.ROOT, "target loss gap %.4g reached (F(w) - F* = %.4g)",
                    targets.targetGap(), rec.bound().gap()), true);
        }
        if (settings.hasTargetAccuracy() && rec.testAccuracy() >= settings.targetAccuracy()) {
            return new Stop(String.format(Locale.ROOT, "target accuracy %.2f%% reached",
                    100 * settings.targetAccuracy()), true);
        }
        return null;
    }

    /** The loop ran all its rounds. */
    public Stop maxRounds() {
        return new Stop("maximum rounds (" + settings.maxRounds() + ")", true);
    }
}
