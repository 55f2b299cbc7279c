package org.fedqnn.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.DoubleStream;
import org.fedqnn.server.records.CsvTable;
import org.fedqnn.server.records.RoundRow;

/** Reads an estimate of F* from an earlier run's table. Stateless. */
final class FStar {

    private FStar() {
    }

    /**
     * The lowest finite value of the {@code train_loss} column of an {@code epochs.csv}, or of the
     * {@code training_loss} column of a {@code rounds.csv}, each read into its record.
     *
     * @throws IllegalArgumentException naming the file when it is neither table or holds no value
     */
    static double lowestTrainingLoss(Path csv) {
        DoubleStream losses;
        try {
            List<String> header = CsvTable.header(csv);
            if (header.equals(CsvTable.columns(EpochRow.class))) {
                losses = EpochRow.read(csv).stream().mapToDouble(EpochRow::trainLoss);
            } else if (header.equals(CsvTable.columns(RoundRow.class))) {
                losses = RoundRow.read(csv).stream().mapToDouble(RoundRow::trainingLoss);
            } else {
                throw new IllegalArgumentException("--f-star-from " + csv + " is neither the epochs.csv of fedqnn "
                        + "train (train_loss) nor the rounds.csv of a run (training_loss); its header is " + header);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read --f-star-from " + csv, e);
        }
        return losses.filter(v -> Double.isFinite(v) && v >= 0).min().orElseThrow(() ->
                new IllegalArgumentException("--f-star-from " + csv + " holds no finite training loss"));
    }
}
