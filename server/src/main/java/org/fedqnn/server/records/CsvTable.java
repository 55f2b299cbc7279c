package org.fedqnn.server.records;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SequenceWriter;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A CSV file of one record type, written and read through {@link RecordFormats}: its header is
 * the record's components, each row one record. Rows are appended and flushed one at a time,
 * so a killed process leaves every row it wrote. Not thread-safe.
 *
 * @param <T> the record of one row
 */
public final class CsvTable<T> implements AutoCloseable {

    private final Writer out;
    private final SequenceWriter rows;

    private CsvTable(Writer out, SequenceWriter rows) {
        this.out = out;
        this.rows = rows;
    }

    /** Creates (or replaces) {@code file} holding the header of {@code type}'s columns. */
    public static <T> CsvTable<T> create(Path file, Class<T> type) throws IOException {
        Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
        out.write(RecordFormats.CSV.writer(CsvSchema.emptySchema()).writeValueAsString(columns(type)));
        out.flush();
        return new CsvTable<>(out, RecordFormats.CSV.writer(RecordFormats.CSV.schemaFor(type)).writeValues(out));
    }

    /**
     * {@link #create} when {@code length} is negative; else opens {@code file} to append after its
     * first {@code length} bytes, cutting off what follows ({@link JsonLines#cut}). A file whose
     * header is an older one of {@code type} (written before trailing columns were added, see
     * {@link #read}) gets rows of its own columns, so that it stays one table.
     */
    public static <T> CsvTable<T> open(Path file, Class<T> type, long length) throws IOException {
        if (length < 0) {
            return create(file, type);
        }
        JsonLines.cut(file, length);
        CsvSchema schema = RecordFormats.CSV.schemaFor(type);
        List<String> header = length == 0 ? List.of() : header(file);
        boolean older = olderHeader(header, columns(type), type);
        if (older) {
            CsvSchema.Builder kept = CsvSchema.builder();
            for (String name : header) {
                kept.addColumn(schema.column(name));
            }
            schema = kept.build();
        }
        Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        ObjectWriter writer = RecordFormats.CSV.writer(schema);
        if (older) {
            writer = writer.with(JsonGenerator.Feature.IGNORE_UNKNOWN);
        }
        return new CsvTable<>(out, writer.writeValues(out));
    }

    /** Writes {@code rows} to {@code file}, header first, replacing it. */
    public static <T> void write(Path file, Class<T> type, List<? extends T> rows) throws IOException {
        try (CsvTable<T> table = create(file, type)) {
            for (T row : rows) {
                table.append(row);
            }
        }
    }

    /** Appends one row and flushes it. */
    public void append(T row) throws IOException {
        rows.write(row);
        rows.flush();
    }

    /**
     * Every row of {@code file}, read by the names in its header.
     *
     * @throws IllegalArgumentException naming the file, the line and the column when a column is
     *         missing or unknown, or a cell is not of its column's type
     */
    public static <T> List<T> read(Path file, Class<T> type) throws IOException {
        List<String> columns = columns(type);
        ObjectReader reader = RecordFormats.CSV.readerFor(type).with(CsvSchema.emptySchema().withHeader());
        if (olderHeader(header(file), columns, type)) {
            reader = reader.without(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES);
        }
        return RecordFormats.readAll(file, type, reader, start -> {
                    List<String> header = header(start);
                    if (!header.equals(columns) && !olderHeader(header, columns, type)) {
                        List<String> missing = new ArrayList<>(columns);
                        missing.removeAll(header);
                        List<String> unknown = new ArrayList<>(header);
                        unknown.removeAll(columns);
                        throw new IllegalArgumentException(file + " line 1: not the header of a " + type.getSimpleName()
                                + " table: missing columns " + missing + ", unknown columns " + unknown
                                + (missing.isEmpty() && unknown.isEmpty() ? ", columns out of order" : ""));
                    }
                });
    }

    /**
     * True when {@code header} is the columns of {@code type} less trailing ones whose components
     * may be null (boxed): a file written before those columns were added, read with them null.
     */
    private static boolean olderHeader(List<String> header, List<String> columns, Class<?> type) {
        if (header.size() >= columns.size() || !header.equals(columns.subList(0, header.size()))
                || !type.isRecord()) {
            return false;
        }
        java.lang.reflect.RecordComponent[] parts = type.getRecordComponents();
        for (int i = header.size(); i < parts.length; i++) {
            if (parts[i].getType().isPrimitive()) {
                return false;
            }
        }
        return parts.length == columns.size();
    }

    /** The column names in the header of {@code file}. */
    public static List<String> header(Path file) throws IOException {
        try (MappingIterator<Object> it = RecordFormats.CSV.readerFor(Map.class)
                .with(CsvSchema.emptySchema().withHeader()).readValues(file.toFile())) {
            it.hasNextValue();
            return header(it);
        }
    }

    private static List<String> header(MappingIterator<?> start) {
        List<String> header = new ArrayList<>();
        if (start.getParserSchema() instanceof CsvSchema s) {
            s.forEach(column -> header.add(column.getName()));
        }
        return header;
    }

    /** The columns of a {@code type} table, in order. */
    public static List<String> columns(Class<?> type) {
        List<String> names = new ArrayList<>();
        RecordFormats.CSV.schemaFor(type).forEach(column -> names.add(column.getName()));
        return names;
    }

    @Override
    public void close() throws IOException {
        rows.close();
        out.close();
    }
}
