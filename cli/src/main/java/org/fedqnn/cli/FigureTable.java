package org.fedqnn.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.dataformat.csv.CsvGenerator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import java.util.ArrayList;
import java.util.List;
import org.fedqnn.qnn.Checks;

/**
 * One figure's data: named columns and rows of numbers or text, written as CSV (RFC 4180
 * quoting, numbers in Java's shortest round-trip form). Unlike the run files, a figure's
 * columns depend on the figure, so the table is not a record. Immutable and thread-safe.
 *
 * @param stem    file name without extension, e.g. {@code fig3-energy-vs-n}
 * @param title   what the figure shows, for the chart
 * @param columns column names, at least 1
 * @param rows    rows of exactly {@code columns.size()} cells, each a {@link Number} or text
 */
record FigureTable(String stem, String title, List<String> columns, List<List<Object>> rows) {

    FigureTable {
        Checks.notNull("FigureTable.stem", stem);
        Checks.notNull("FigureTable.title", title);
        columns = List.copyOf(columns);
        Checks.atLeast("FigureTable.columns size", 1, columns.size());
        List<List<Object>> copies = new ArrayList<>(rows.size());
        for (int r = 0; r < rows.size(); r++) {
            List<Object> row = List.copyOf(rows.get(r));
            if (row.size() != columns.size()) {
                throw new IllegalArgumentException("FigureTable " + stem + " row " + r + " must have "
                        + columns.size() + " cells, got " + row.size());
            }
            copies.add(row);
        }
        rows = List.copyOf(copies);
    }

    /** The index of column {@code name}. */
    int column(String name) {
        int index = columns.indexOf(name);
        if (index < 0) {
            throw new IllegalArgumentException("FigureTable " + stem + " has no column '" + name + "', only " + columns);
        }
        return index;
    }

    /** The values of a numeric column, in row order. */
    double[] numbers(String name) {
        int c = column(name);
        return rows.stream().mapToDouble(row -> ((Number) row.get(c)).doubleValue()).toArray();
    }

    /** The values of a column as text, in row order. */
    List<String> texts(String name) {
        int c = column(name);
        return rows.stream().map(row -> String.valueOf(row.get(c))).toList();
    }

    /** The table as CSV with a header line, written by Jackson's CSV writer. */
    String csv() {
        List<List<Object>> lines = new ArrayList<>(rows.size() + 1);
        lines.add(List.copyOf(columns));
        lines.addAll(rows);
        try {
            return WRITER.writeValueAsString(lines);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("FigureTable " + stem + " cannot be written as CSV", e);
        }
    }

    /** Rows of cells; numbers in Java's shortest round-trip form, text quoted where RFC 4180 needs it. */
    private static final ObjectWriter WRITER = CsvMapper.builder()
            .enable(CsvGenerator.Feature.STRICT_CHECK_FOR_QUOTING).build().writer(CsvSchema.emptySchema());
}
