package org.fedqnn.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/** Reads an estimate of F* from an earlier run's table. Stateless. */
final class FStar {

    private FStar() {
    }

    /**
     * The lowest finite value of the {@code train_loss} (epochs.csv) or {@code training_loss}
     * (rounds.csv) column of {@code csv}.
     *
     * @throws IllegalArgumentException naming the file when it has no such column or no value
     */
    static double lowestTrainingLoss(Path csv) {
        List<String> lines;
        try {
            lines = Files.readAllLines(csv);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read --f-star-from " + csv, e);
        }
        if (lines.isEmpty()) {
            throw new IllegalArgumentException("--f-star-from " + csv + " is empty");
        }
        List<String> header = Arrays.asList(lines.get(0).split(",", -1));
        int column = header.indexOf("train_loss") >= 0 ? header.indexOf("train_loss") : header.indexOf("training_loss");
        if (column < 0) {
            throw new IllegalArgumentException("--f-star-from " + csv + " has no train_loss or training_loss column "
                    + "(header: " + lines.get(0) + ")");
        }
        double lowest = Double.POSITIVE_INFINITY;
        for (int i = 1; i < lines.size(); i++) {
            String[] cells = lines.get(i).split(",", -1);
            if (cells.length <= column || cells[column].isBlank()) {
                continue;
            }
            double v;
            try {
                v = Double.parseDouble(cells[column]);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--f-star-from " + csv + " line " + (i + 1) + ": '" + cells[column]
                        + "' is not a number", e);
            }
            if (Double.isFinite(v) && v >= 0) {
                lowest = Math.min(lowest, v);
            }
        }
        if (lowest == Double.POSITIVE_INFINITY) {
            throw new IllegalArgumentException("--f-star-from " + csv + " holds no finite training loss");
        }
        return lowest;
    }
}
