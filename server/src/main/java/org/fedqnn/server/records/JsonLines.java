package org.fedqnn.server.records;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A JSON lines file of one record type (one JSON object per line), written and read through
 * {@link RecordFormats}. Lines are appended and flushed one at a time. Not thread-safe.
 *
 * @param <T> the record of one line
 */
public final class JsonLines<T> implements AutoCloseable {

    private final Writer out;

    private JsonLines(Writer out) {
        this.out = out;
    }

    /** Creates (or empties) {@code file}. */
    public static <T> JsonLines<T> create(Path file) throws IOException {
        return new JsonLines<>(Files.newBufferedWriter(file, StandardCharsets.UTF_8));
    }

    /** Appends {@code line} as one line of JSON and flushes it. */
    public void append(T line) throws IOException {
        out.write(RecordFormats.JSON.writeValueAsString(line));
        out.write('\n');
        out.flush();
    }

    /**
     * Every line of {@code file}.
     *
     * @throws IllegalArgumentException naming the file, the line and the field when a line is not a {@code type}
     */
    public static <T> List<T> read(Path file, Class<T> type) throws IOException {
        return RecordFormats.readAll(file, type, RecordFormats.JSON.readerFor(type), start -> { });
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}
