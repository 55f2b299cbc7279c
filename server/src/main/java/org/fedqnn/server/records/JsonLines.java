package org.fedqnn.server.records;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.nio.file.Path;
import java.util.ArrayList;
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

    /** {@link #create} when {@code length} is negative; else appends after {@code file}'s first {@code length} bytes ({@link #cut}). */
    public static <T> JsonLines<T> open(Path file, long length) throws IOException {
        if (length < 0) {
            return create(file);
        }
        cut(file, length);
        return new JsonLines<>(Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.APPEND));
    }

    /**
     * Cuts {@code file} back to its first {@code length} bytes and forces it to disk.
     *
     * @throws IOException naming the file when it is missing or shorter than {@code length}
     */
    public static void cut(Path file, long length) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException(file + " is missing: it held " + length + " bytes at the checkpoint");
        }
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            if (ch.size() < length) {
                throw new IOException(file + " holds " + ch.size() + " bytes, fewer than the " + length
                        + " it held at the checkpoint (cut or edited since)");
            }
            ch.truncate(length);
            ch.force(true);
        }
    }

    /** Appends {@code line} as one line of JSON and flushes it. */
    public void append(T line) throws IOException {
        out.write(RecordFormats.JSON.writeValueAsString(line));
        out.write('\n');
        out.flush();
    }

    /**
     * Every line of {@code file}. A line written before {@code type} (or a record it holds) gained
     * trailing components that may be absent reads with them null or NaN ({@link OlderFields}),
     * as {@link CsvTable#read} reads an older header.
     *
     * @throws IllegalArgumentException naming the file, the line and the field when a line is not a {@code type}
     */
    public static <T> List<T> read(Path file, Class<T> type) throws IOException {
        try {
            return RecordFormats.readAll(file, type, RecordFormats.JSON.readerFor(type), start -> { });
        } catch (IllegalArgumentException strict) {
            List<JsonNode> lines;
            try {
                lines = RecordFormats.readAll(file, JsonNode.class, RecordFormats.JSON.readerFor(JsonNode.class),
                        start -> { });
            } catch (IllegalArgumentException notJson) {
                throw strict;
            }
            List<T> out = new ArrayList<>(lines.size());
            for (JsonNode line : lines) {
                OlderFields.fill(line, type);
                try {
                    out.add(RecordFormats.JSON.treeToValue(line, type));
                } catch (JsonProcessingException e) {
                    throw strict;
                }
            }
            return out;
        }
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}
