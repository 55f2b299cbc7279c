package org.fedqnn.cli;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.fedqnn.server.records.CsvTable;

/**
 * One row of {@code sweep-summary.csv}: one precision over the sweep's seeds, the mean and the
 * spread (sample standard deviation, NaN for one value; min; max) of rounds, joules and uplink
 * bits to the target over the runs that reached it. Deterministic for the seeds. Immutable.
 *
 * @param axis      training (n swept) or uplink (m swept)
 * @param precision the swept precision's label, e.g. "4" or "float32"
 * @param bits      the swept width, 32 for float32
 * @param runs      the seeds run
 * @param reached   how many of them reached the target
 */
record SweepSummaryRow(String axis, String precision, double bits, int runs, int reached, double roundsMean,
                       double roundsSd, double roundsMin, double roundsMax,
                       @JsonProperty("joules_mean") double joulesMean, @JsonProperty("joules_sd") double joulesSd,
                       @JsonProperty("joules_min") double joulesMin, @JsonProperty("joules_max") double joulesMax,
                       double bitsMean, double bitsSd, double bitsMin, double bitsMax, double finalAccuracyMean) {

    /** True when every seed reached the target. */
    boolean allReached() {
        return reached == runs;
    }

    boolean isFloat() {
        return "float32".equals(precision);
    }

    /** Every row of a {@code sweep-summary.csv}. */
    static List<SweepSummaryRow> read(Path file) throws IOException {
        return CsvTable.read(file, SweepSummaryRow.class);
    }
}
