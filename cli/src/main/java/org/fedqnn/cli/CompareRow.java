package org.fedqnn.cli;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.fedqnn.server.records.CsvTable;

/**
 * One row of {@code compare.csv}: one policy's run, to the target test accuracy and in total
 * (see {@link CompareReport}). Times are the time model's (modelled, not measured), bits the
 * uplink bits the server received, joules the ledger's (compute plus the paper's wireless
 * channel). Deterministic for a seed: no wall times. Immutable.
 *
 * @param policy         e.g. {@code uniform:8}, {@code layerwise:analytic}
 * @param uplinkBits     m of a uniform policy, null for the others
 * @param significance   analytic or measured for layerwise and exact, null for the others
 * @param uploadWindow   the round's upload window in seconds (each device's budget is its rate times it)
 * @param roundsToTarget the round that first reached the target, null when none did
 */
record CompareRow(String policy, String allocator, Integer uplinkBits, String significance,
                  @JsonProperty("upload_window_s") double uploadWindow, int roundsRun, double finalAccuracy,
                  double bestAccuracy, boolean reachedTarget, Integer roundsToTarget,
                  @JsonProperty("modelled_s_to_target") double modelledSecondsToTarget,
                  double uplinkBitsToTarget, @JsonProperty("j_to_target") double joulesToTarget,
                  @JsonProperty("total_modelled_s") double totalModelledSeconds, double totalUplinkBits,
                  @JsonProperty("total_j") double totalJoules) {

    /** The row of {@code r}. */
    static CompareRow of(CompareReport.Run r) {
        int t = r.targetIndex();
        ComparePolicy p = r.policy();
        return new CompareRow(r.label(), p.allocator(), r.uplinkBits(), r.significance(), r.uploadWindowSeconds(),
                r.roundsRun(), r.finalAccuracy(), r.bestAccuracy(), t >= 0, t >= 0 ? t + 1 : null,
                r.secondsToTarget(), r.bitsToTarget(), r.joulesToTarget(), r.last(r.seconds()), r.last(r.bits()),
                r.last(r.joules()));
    }

    /** Every row of a {@code compare.csv}. */
    static List<CompareRow> read(Path file) throws IOException {
        return CsvTable.read(file, CompareRow.class);
    }
}
