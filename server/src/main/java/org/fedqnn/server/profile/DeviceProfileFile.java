package org.fedqnn.server.profile;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.fedqnn.qnn.train.Precision;

/**
 * Device profiles from a file a user wrote ({@code --profiles FILE}), one device per entry in
 * device order 0..N-1, N entries exactly (the run's N decides; the file must match it):
 * <ul>
 *   <li>CSV (any name not ending in {@code .json}): a header line, then one line per device;
 *       blank lines and lines starting with {@code #} are skipped;</li>
 *   <li>JSON ({@code .json}): an array of objects, or an object whose {@code devices} is one.</li>
 * </ul>
 * Fields: {@code uplink_bits_per_second} and {@code macs_per_second} (finite numbers > 0,
 * required), {@code max_training} (the highest training precision, 1..32 or float32; optional,
 * float32 = no cap) and {@code device} (optional; when given, the entry's index). Any other field
 * is refused. Every error names the file, the line and the field. Stateless.
 */
public final class DeviceProfileFile {

    static final String RATE = "uplink_bits_per_second";
    static final String MACS = "macs_per_second";
    static final String MAX_TRAINING = "max_training";
    static final String DEVICE = "device";
    private static final List<String> FIELDS = List.of(DEVICE, RATE, MACS, MAX_TRAINING);

    private DeviceProfileFile() {
    }

    /**
     * The profiles in {@code file} for a run of {@code devices} devices.
     *
     * @throws IllegalArgumentException naming the file, line and field of what was wrong, or
     *                                  the two counts when the file does not define N devices
     */
    public static DeviceProfiles read(Path file, int devices) throws IOException {
        List<DeviceProfile> profiles = file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".json")
                ? json(file) : csv(file);
        if (profiles.size() != devices) {
            throw new IllegalArgumentException("profiles file " + file + " defines " + profiles.size()
                    + " devices, the run has N = " + devices + " (--devices): give one entry per device");
        }
        return DeviceProfiles.of("file " + file.getFileName() + " (" + devices + " devices)", profiles);
    }

    private static List<DeviceProfile> csv(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file);
        List<String> header = null;
        List<DeviceProfile> out = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String where = "profiles file " + file + " line " + (i + 1);
            List<String> cells = List.of(line.split(",", -1)).stream().map(String::strip).toList();
            if (header == null) {
                header = cells.stream().map(c -> c.toLowerCase(Locale.ROOT)).toList();
                for (String h : header) {
                    if (!FIELDS.contains(h) || header.indexOf(h) != header.lastIndexOf(h)) {
                        throw new IllegalArgumentException(where + " (header): column '" + h + "' is "
                                + (FIELDS.contains(h) ? "given twice" : "not one of " + FIELDS));
                    }
                }
                for (String needed : List.of(RATE, MACS)) {
                    if (!header.contains(needed)) {
                        throw new IllegalArgumentException(where + " (header): column '" + needed + "' is missing; "
                                + "the header names " + header);
                    }
                }
                continue;
            }
            if (cells.size() != header.size()) {
                throw new IllegalArgumentException(where + ": " + cells.size() + " fields, the header has "
                        + header.size() + " " + header);
            }
            Map<String, String> row = new java.util.HashMap<>();
            for (int c = 0; c < cells.size(); c++) {
                row.put(header.get(c), cells.get(c));
            }
            out.add(profile(where, out.size(), row));
        }
        if (header == null) {
            throw new IllegalArgumentException("profiles file " + file + " is empty: it needs a header line ("
                    + RATE + "," + MACS + "[," + MAX_TRAINING + "]) and one line per device");
        }
        return out;
    }

    private static List<DeviceProfile> json(Path file) throws IOException {
        ObjectMapper mapper = new ObjectMapper().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
        List<DeviceProfile> out = new ArrayList<>();
        try (JsonParser p = mapper.createParser(file.toFile())) {
            JsonToken first = p.nextToken();
            if (first == JsonToken.START_OBJECT) {
                String name = p.nextFieldName();
                if (!"devices".equals(name)) {
                    throw new IllegalArgumentException("profiles file " + file + " line "
                            + p.currentLocation().getLineNr() + ": the object must hold one field, 'devices', got '"
                            + name + "'");
                }
                first = p.nextToken();
            }
            if (first != JsonToken.START_ARRAY) {
                throw new IllegalArgumentException("profiles file " + file + " line " + p.currentLocation().getLineNr()
                        + ": expected an array of devices (or {\"devices\": [...]}), got " + first);
            }
            while (p.nextToken() == JsonToken.START_OBJECT) {
                String where = "profiles file " + file + " line " + p.currentLocation().getLineNr();
                JsonNode node = mapper.readTree(p);
                Map<String, String> row = new java.util.HashMap<>();
                for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> e = it.next();
                    String key = e.getKey().toLowerCase(Locale.ROOT);
                    if (!FIELDS.contains(key)) {
                        throw new IllegalArgumentException(where + " (device " + out.size() + "): field '"
                                + e.getKey() + "' is not one of " + FIELDS);
                    }
                    JsonNode v = e.getValue();
                    if (!v.isNumber() && !v.isTextual()) {
                        throw new IllegalArgumentException(where + " (device " + out.size() + "), field " + key
                                + ": must be a number or a string, got " + v);
                    }
                    row.put(key, v.asText());
                }
                out.add(profile(where + " (device " + out.size() + ")", out.size(), row));
            }
            if (p.currentToken() != JsonToken.END_ARRAY) {
                throw new IllegalArgumentException("profiles file " + file + " line " + p.currentLocation().getLineNr()
                        + ": each device must be an object, got " + p.currentToken());
            }
        } catch (JsonParseException e) {
            throw new IllegalArgumentException("profiles file " + file + " line " + e.getLocation().getLineNr()
                    + ": not valid JSON: " + e.getOriginalMessage(), e);
        }
        return out;
    }

    /** Entry {@code index}'s profile from its fields (by lower-case name); {@code where} names it in errors. */
    private static DeviceProfile profile(String where, int index, Map<String, String> row) {
        for (String needed : List.of(RATE, MACS)) {
            if (!row.containsKey(needed)) {
                throw new IllegalArgumentException(where + ": field " + needed + " is missing");
            }
        }
        if (row.containsKey(DEVICE)) {
            String d = row.get(DEVICE);
            if (!d.equals(Integer.toString(index))) {
                throw new IllegalArgumentException(where + ", field " + DEVICE + ": devices must be listed in order "
                        + "0..N-1, expected " + index + ", got '" + d + "'");
            }
        }
        Precision max = Precision.FLOAT32;
        if (row.containsKey(MAX_TRAINING) && !row.get(MAX_TRAINING).isEmpty()) {
            try {
                max = Precision.parse(row.get(MAX_TRAINING));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(where + ", field " + MAX_TRAINING + ": " + e.getMessage(), e);
            }
        }
        return new DeviceProfile(positive(where, RATE, row.get(RATE)), positive(where, MACS, row.get(MACS)), max);
    }

    private static double positive(String where, String field, String text) {
        double v;
        try {
            v = Double.parseDouble(text);
        } catch (NumberFormatException e) {
            v = Double.NaN;
        }
        if (!(v > 0) || !Double.isFinite(v)) {
            throw new IllegalArgumentException(where + ", field " + field + ": must be a finite number > 0, got '"
                    + text + "'");
        }
        return v;
    }
}
