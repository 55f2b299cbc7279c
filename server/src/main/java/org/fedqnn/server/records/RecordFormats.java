package org.fedqnn.server.records;

import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.RuntimeJsonMappingException;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.csv.CsvGenerator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * The one configuration of Jackson that every run file is written and read with, so that a
 * file's writer and its reader cannot disagree. Both formats name a record's components in
 * snake_case (or by their {@code @JsonProperty}), in declaration order, and refuse an unknown
 * or a missing field when reading.
 *
 * <ul>
 *   <li>JSON: numbers in Java's shortest round-trip form, a non-finite number as {@code null}
 *       (read back as NaN), text from outside escaped ({@link Text}), duplicate keys refused.
 *   <li>CSV: numbers as {@code String.format(Locale.ROOT, "%.6g", v)}, a non-finite number or
 *       an absent value as an empty cell (read back as NaN or null), text cells escaped
 *       ({@link Text#tableCell}) and quoted by the library (RFC 4180) where they need it.
 * </ul>
 *
 * Thread-safe: the mappers are configured here once and never changed.
 */
public final class RecordFormats {

    /** JSON: a finite number as itself, NaN and the infinities as null. */
    private static final JsonSerializer<Double> FINITE_OR_NULL = new JsonSerializer<>() {
        @Override
        public void serialize(Double v, JsonGenerator g, SerializerProvider p) throws IOException {
            if (Double.isFinite(v)) {
                g.writeNumber(v);
            } else {
                g.writeNull();
            }
        }
    };

    /** CSV: six significant digits, {@link Locale#ROOT}; a non-finite number as an empty cell. */
    private static final JsonSerializer<Double> SIX_DIGITS = new JsonSerializer<>() {
        @Override
        public void serialize(Double v, JsonGenerator g, SerializerProvider p) throws IOException {
            if (Double.isFinite(v)) {
                g.writeNumber(String.format(Locale.ROOT, "%.6g", v));
            } else {
                g.writeNull();
            }
        }
    };

    /** A CSV text cell, escaped. */
    private static final class TableText extends JsonSerializer<String> {
        @Override
        public void serialize(String s, JsonGenerator g, SerializerProvider p) throws IOException {
            g.writeString(Text.tableCell(s));
        }
    }

    static final JsonMapper JSON = JsonMapper.builder(new JsonFactoryBuilder()
                    .characterEscapes(new OutsideTextEscapes())
                    .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                    .build())
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES,
                    DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .addModule(numbers(FINITE_OR_NULL))
            .build();

    static final CsvMapper CSV = CsvMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .disable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
            .enable(CsvGenerator.Feature.STRICT_CHECK_FOR_QUOTING)
            .enable(CsvParser.Feature.EMPTY_STRING_AS_NULL, CsvParser.Feature.FAIL_ON_MISSING_COLUMNS)
            .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES,
                    DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .addModule(numbers(SIX_DIGITS).addSerializer(String.class, new TableText()))
            .build();

    private RecordFormats() {
    }

    private static SimpleModule numbers(JsonSerializer<Double> out) {
        SimpleModule m = new SimpleModule("fedqnn-run-numbers");
        m.addSerializer(Double.class, out);
        m.addSerializer(Double.TYPE, out);
        m.addDeserializer(Double.class, new NanForAbsent());
        m.addDeserializer(Double.TYPE, new NanForAbsent());
        return m;
    }

    /** Writes {@code value} as an indented JSON document, replacing {@code file}. */
    public static void writeJson(Path file, Object value) throws IOException {
        Files.writeString(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(value) + "\n");
    }

    /**
     * Reads a JSON document into a {@code type}.
     *
     * @throws IllegalArgumentException naming the file, the line and the field when the text is
     *         not a {@code type}
     */
    public static <T> T readJson(Path file, Class<T> type) throws IOException {
        try {
            return JSON.readValue(file.toFile(), type);
        } catch (JsonProcessingException e) {
            throw malformed(file, type, e);
        }
    }

    /**
     * As {@link #readJson(Path, Class)}, after {@code upgrade} has brought an object written by an
     * older version to the current fields.
     */
    static <T> T readJson(Path file, Class<T> type, Consumer<ObjectNode> upgrade) throws IOException {
        try {
            JsonNode tree = JSON.readTree(file.toFile());
            if (!(tree instanceof ObjectNode object)) {
                throw new IOException(file + ": expected a JSON object for " + type.getSimpleName() + ", got "
                        + (tree == null ? "an empty file" : tree.getNodeType().toString().toLowerCase(Locale.ROOT)));
            }
            upgrade.accept(object);
            return JSON.treeToValue(object, type);
        } catch (JsonProcessingException e) {
            throw malformed(file, type, e);
        }
    }

    /**
     * Every value of {@code file} as {@code reader} reads them (a CSV table, JSON lines), after
     * {@code check} has seen the start of the file (for a CSV table, its header).
     */
    static <T> List<T> readAll(Path file, Class<T> type, ObjectReader reader, Consumer<MappingIterator<T>> check)
            throws IOException {
        try (MappingIterator<T> it = reader.readValues(file.toFile())) {
            it.hasNextValue();
            check.accept(it);
            return it.readAll();
        } catch (JsonProcessingException e) {
            throw malformed(file, type, e);
        } catch (RuntimeJsonMappingException e) {
            throw malformed(file, type, (JsonProcessingException) e.getCause());
        }
    }

    /** What is wrong with {@code file}, from Jackson's report: the line, the field and the fault. */
    static IllegalArgumentException malformed(Path file, Class<?> type, JsonProcessingException e) {
        String line = e.getLocation() == null ? "" : " line " + e.getLocation().getLineNr();
        String field = e instanceof JsonMappingException m && !m.getPath().isEmpty()
                ? ", " + m.getPath().get(m.getPath().size() - 1).getDescription() : "";
        return new IllegalArgumentException(file + line + field + ": not a " + type.getSimpleName() + ": "
                + e.getOriginalMessage(), e);
    }

    /** A number, with null and an empty cell read as NaN; "NaN" is accepted, other words are not. */
    private static final class NanForAbsent extends StdDeserializer<Double> {

        NanForAbsent() {
            super(Double.class);
        }

        @Override
        public Double deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            if (p.currentToken().isNumeric()) {
                return p.getDoubleValue();
            }
            if (p.currentToken() != JsonToken.VALUE_STRING) {
                return (Double) ctxt.handleUnexpectedToken(Double.class, p);
            }
            String text = p.getText().trim();
            if (text.isEmpty() || text.equals("NaN")) {
                return Double.NaN;
            }
            try {
                return new BigDecimal(text).doubleValue();
            } catch (NumberFormatException e) {
                return (Double) ctxt.handleWeirdStringValue(Double.class, text, "not a number");
            }
        }

        @Override
        public Double getNullValue(DeserializationContext ctxt) {
            return Double.NaN;
        }
    }

    /** JSON string escapes: the standard ones plus DEL, C1, the bidi controls and U+2028/9. */
    private static final class OutsideTextEscapes extends CharacterEscapes {

        private static final long serialVersionUID = 1L;

        private final int[] ascii;

        OutsideTextEscapes() {
            ascii = standardAsciiEscapesForJSON();
            ascii[0x7F] = ESCAPE_STANDARD;
        }

        @Override
        public int[] getEscapeCodesForAscii() {
            return ascii;
        }

        @Override
        public SerializableString getEscapeSequence(int c) {
            return Text.isControl(c) ? new SerializedString(Text.escape(c)) : null;
        }
    }
}
