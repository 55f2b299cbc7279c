package org.fedqnn.server.records;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.List;

/**
 * The JSON-lines counterpart of {@link CsvTable}'s older header: a line written before a
 * record gained trailing components that may be absent (boxed, read as null or NaN) lacks their
 * fields; this puts them back as null, in the object and in every nested record (a record
 * component, or the records of a {@code List} component), so that the strict reader accepts the
 * line. Any other missing field is left missing, and the reader refuses it. Stateless.
 */
final class OlderFields {

    private static final PropertyNamingStrategies.NamingBase SNAKE =
            (PropertyNamingStrategies.NamingBase) PropertyNamingStrategies.SNAKE_CASE;

    private OlderFields() {
    }

    /** Fills {@code node}, a {@code type} as an older line wrote it; true when it put a field back. */
    static boolean fill(JsonNode node, Class<?> type) {
        if (!type.isRecord() || !(node instanceof ObjectNode object)) {
            return false;
        }
        RecordComponent[] parts = type.getRecordComponents();
        int present = parts.length;
        while (present > 0 && !object.has(name(parts[present - 1])) && !parts[present - 1].getType().isPrimitive()) {
            present--;
        }
        boolean filled = false;
        for (int i = 0; i < parts.length; i++) {
            String name = name(parts[i]);
            if (i >= present) {
                object.putNull(name);
                filled = true;
            } else if (object.has(name)) {
                filled |= fillNested(object.get(name), parts[i]);
            }
        }
        return filled;
    }

    private static boolean fillNested(JsonNode value, RecordComponent part) {
        if (part.getType().isRecord()) {
            return fill(value, part.getType());
        }
        if (List.class.isAssignableFrom(part.getType()) && value.isArray()
                && part.getGenericType() instanceof ParameterizedType p) {
            Type element = p.getActualTypeArguments()[0];
            boolean filled = false;
            if (element instanceof Class<?> c && c.isRecord()) {
                for (JsonNode e : value) {
                    filled |= fill(e, c);
                }
            }
            return filled;
        }
        return false;
    }

    /** The field name of {@code part} in the run files: its {@link JsonProperty}, else snake_case. */
    private static String name(RecordComponent part) {
        JsonProperty p = part.getAccessor().getAnnotation(JsonProperty.class);
        return p != null && !p.value().isEmpty() ? p.value() : SNAKE.translate(part.getName());
    }
}
