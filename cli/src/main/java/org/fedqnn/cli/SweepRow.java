package org.fedqnn.cli;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.fedqnn.server.records.CsvTable;

/**
 * One row of {@code sweep.csv}: one precision's run with one seed, measured to the target and in
 * total, next to the model's prediction for it (see {@link SweepReport}). Deterministic for a
 * seed: no wall times. Immutable.
 *
 * @param axis            training (n swept) or uplink (m swept)
 * @param precision       the swept precision's label, e.g. "4" or "float32"
 * @param bits            the swept n (or m on the uplink axis), 32 for float32
 * @param seed            the run's seed
 * @param roundsToTarget  the round that first reached the target, null when none did
 * @param savingVsFloat   1 - joules to target over the float32 run's of the same seed, NaN when either missed
 *                        it or for float32
 */
record SweepRow(String axis, String precision, double bits, long seed, boolean reachedTarget, Integer roundsToTarget,
                @JsonProperty("joules_to_target") double joulesToTarget,
                @JsonProperty("compute_j_to_target") double computeJoulesToTarget,
                @JsonProperty("uplink_j_to_target") double uplinkJoulesToTarget, double bitsToTarget, int roundsRun,
                double finalAccuracy, double bestAccuracy, @JsonProperty("total_j") double totalJoules,
                double totalBits, @JsonProperty("estimated_G") double estimatedG, double estimatedMeanSigmaSquared,
                double predictedRoundsPaper, @JsonProperty("predicted_f_E_paper_j") double predictedJoulesPaper,
                double predictedRoundsEstimated,
                @JsonProperty("predicted_f_E_estimated_j") double predictedJoulesEstimated, double savingVsFloat) {

    /** The row of {@code r} on {@code axis}, predicted {@code p}, saving {@code saving} against float32. */
    static SweepRow of(String axis, SweepReport.Measured r, SweepReport.Predicted p, double saving) {
        return new SweepRow(axis, r.label(), r.bits(), r.seed(), r.reached(), r.reached() ? r.roundsToTarget() : null,
                r.joulesToTarget(), r.computeToTarget(), r.uplinkToTarget(), r.bitsToTarget(), r.roundsRun(),
                r.finalAccuracy(), r.bestAccuracy(), r.totalJoules(), r.totalBits(), r.estimatedG(),
                r.estimatedSigmaSquared(), p.roundsPaper(), p.joulesPaper(), p.roundsEstimated(), p.joulesEstimated(),
                saving);
    }

    /** Every row of a {@code sweep.csv}. */
    static List<SweepRow> read(Path file) throws IOException {
        return CsvTable.read(file, SweepRow.class);
    }
}
