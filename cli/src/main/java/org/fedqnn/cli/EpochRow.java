package org.fedqnn.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.fedqnn.server.records.CsvTable;

/**
 * One row of {@code epochs.csv} ({@code fedqnn train}), written a row per epoch through
 * {@link CsvTable}. Immutable.
 *
 * @param epoch the epoch, from 1
 */
record EpochRow(int epoch, double learningRate, double trainLoss, double testLoss, double testAccuracy,
                double samplesPerSecond, double trainSeconds, double evalSeconds) {

    static EpochRow of(CentralTrainer.EpochResult r) {
        return new EpochRow(r.epoch() + 1, r.learningRate(), r.trainLoss(), r.test().meanLoss(), r.test().accuracy(),
                r.samplesPerSecond(), r.trainSeconds(), r.evalSeconds());
    }

    /** Every row of an {@code epochs.csv}. */
    static List<EpochRow> read(Path file) throws IOException {
        return CsvTable.read(file, EpochRow.class);
    }
}
