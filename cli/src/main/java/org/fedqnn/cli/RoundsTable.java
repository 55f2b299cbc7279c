package org.fedqnn.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A run folder's {@code rounds.csv} read back by column name, for the sweep. The file is the
 * base station's own (numbers and words, no quoted commas); a missing column or a cell that is
 * not a number is an error that names the file, the row and the column. Immutable.
 */
final class RoundsTable {

    private final Path file;
    private final List<String> header;
    private final List<String[]> rows;

    private RoundsTable(Path file, List<String> header, List<String[]> rows) {
        this.file = file;
        this.header = header;
        this.rows = rows;
    }

    static RoundsTable read(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file);
        if (lines.isEmpty()) {
            throw new IOException(file + " is empty: no header");
        }
        List<String> header = Arrays.asList(lines.get(0).split(",", -1));
        List<String[]> rows = new ArrayList<>();
        for (int i = 1; i < lines.size(); i++) {
            String[] cells = lines.get(i).split(",", -1);
            if (cells.length != header.size()) {
                throw new IOException(file + " line " + (i + 1) + " has " + cells.length + " cells, the header "
                        + header.size());
            }
            rows.add(cells);
        }
        return new RoundsTable(file, List.copyOf(header), List.copyOf(rows));
    }

    int size() {
        return rows.size();
    }

    /** The value of {@code column} in row {@code row}; NaN for an empty cell. */
    double number(int row, String column) {
        int c = header.indexOf(column);
        if (c < 0) {
            throw new IllegalArgumentException(file + " has no column '" + column + "'");
        }
        String cell = rows.get(row)[c];
        if (cell.isEmpty()) {
            return Double.NaN;
        }
        try {
            return Double.parseDouble(cell);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(file + " row " + (row + 1) + " column " + column + ": '" + cell
                    + "' is not a number", e);
        }
    }

    /** The ledger's compute plus uplink joules of the run up to and with row {@code row}. */
    double cumulativeJoules(int row) {
        return number(row, "cumulative_compute_j") + number(row, "cumulative_uplink_j");
    }

    /** Every row's value of {@code column}. */
    double[] column(String column) {
        double[] values = new double[rows.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = number(i, column);
        }
        return values;
    }
}
