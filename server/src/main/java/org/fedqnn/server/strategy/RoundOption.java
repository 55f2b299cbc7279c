package org.fedqnn.server.strategy;

import org.fedqnn.qnn.train.Precision;
import org.fedqnn.server.calibrate.Calibration;

/**
 * One choice energy-aware scores for a round: the training precision n and how many devices the
 * round selects, priced by a {@link Calibration}. Immutable.
 *
 * @param precision n
 * @param devices   K_t, or {@link RoundPrecision#RUN_K} for the run's K (priced at the K' the
 *                  calibration measured)
 */
record RoundOption(Precision precision, int devices) {

    /** n at the run's K. */
    static RoundOption atRunK(int n) {
        return new RoundOption(Precision.fixed(n), RoundPrecision.RUN_K);
    }

    /** The deltas the calibration aggregates for this option: K_t, or the measured K' at the run's K. */
    double updates(Calibration c) {
        return devices == RoundPrecision.RUN_K ? c.updatesPerRound() : devices;
    }

    /** The predicted loss decrease of round t from {@code loss}. */
    double decrease(Calibration c, long t, double loss) {
        return c.expectedDecrease(precision, t, loss, updates(c));
    }

    /** The predicted joules of one round. */
    double joules(Calibration c) {
        return c.roundJoules(precision, updates(c)).totalJoules();
    }

    /** {@code n=4} or {@code n=4, K=2}. */
    @Override
    public String toString() {
        return "n=" + precision.bits() + (devices == RoundPrecision.RUN_K ? "" : ", K=" + devices);
    }
}
