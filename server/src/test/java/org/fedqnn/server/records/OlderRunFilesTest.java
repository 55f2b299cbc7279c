package org.fedqnn.server.records;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Run files written before columns and fields were added at the end of their records (the
 * devices' quantization variance; a round's n and m) still read, and a run resumed over them
 * keeps each file one table: what {@code --resume} needs of a folder an older fedqnn wrote.
 */
class OlderRunFilesTest {

    @TempDir
    Path dir;

    private static String resource(String name) throws IOException {
        try (InputStream in = OlderRunFilesTest.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void anOlderDeviceRoundsTableGetsRowsOfItsOwnColumnsWhenAppendedTo() throws IOException {
        Path file = dir.resolve("device-rounds.csv");
        String older = resource("device-rounds-older.csv");
        Files.writeString(file, older);
        RoundRecord first = RunFixtures.rounds().get(0);
        try (CsvTable<DeviceRow> table = CsvTable.open(file, DeviceRow.class, Files.size(file))) {
            table.append(DeviceRow.of(7, first.devices().get(0)));
        }
        List<String> lines = Files.readAllLines(file);
        assertEquals(older, String.join("\n", lines.subList(0, lines.size() - 1)) + "\n", "the rows before stay");
        assertEquals(lines.get(0).split(",").length, lines.get(lines.size() - 1).split(",", -1).length,
                "the appended row has the header's columns: " + lines.get(lines.size() - 1));
        List<DeviceRow> rows = CsvTable.read(file, DeviceRow.class);
        assertEquals(6, rows.size());
        assertEquals(7, rows.get(5).round());
        assertEquals(0.612346, rows.get(5).meanLocalLoss(), 0.0);
        assertTrue(Double.isNaN(rows.get(5).quantizationVariance()), "the older table has no such column");
    }

    @Test
    void olderRoundLinesReadWithTheFieldsAddedSinceAbsent() throws IOException {
        Path file = dir.resolve("rounds.jsonl");
        try (JsonLines<RoundLine> lines = JsonLines.create(file)) {
            for (RoundRecord r : RunFixtures.rounds()) {
                lines.append(new RoundLine(RoundRow.of(r), r.devices().stream().map(o -> DeviceRow.of(r.round(), o))
                        .toList()));
            }
        }
        List<RoundLine> now = JsonLines.read(file, RoundLine.class);
        assertEquals(91.36483357, now.get(0).devices().get(0).quantizationVariance(), 0.0);
        assertEquals(8, now.get(0).round().trainingN());

        List<String> older = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            ObjectNode node = (ObjectNode) RecordFormats.JSON.readTree(line);
            ((ObjectNode) node.get("round")).remove(List.of("training_n", "uplink_m"));
            for (JsonNode device : node.get("devices")) {
                ((ObjectNode) device).remove("quantization_variance");
            }
            older.add(RecordFormats.JSON.writeValueAsString(node));
        }
        Files.write(file, older);
        List<RoundLine> read = JsonLines.read(file, RoundLine.class);
        assertEquals(now.size(), read.size());
        assertEquals(now.get(0).round().testLoss(), read.get(0).round().testLoss(), 0.0);
        assertNull(read.get(0).round().trainingN(), "n was not recorded then");
        assertEquals(now.get(0).devices().get(1).gradientVariance(), read.get(0).devices().get(1).gradientVariance());
        assertTrue(Double.isNaN(read.get(0).devices().get(0).quantizationVariance()), "nor the quantization variance");

        // a field that is not a trailing optional one is still required
        ObjectNode broken = (ObjectNode) RecordFormats.JSON.readTree(older.get(0));
        ((ObjectNode) broken.get("round")).remove("test_loss");
        Files.writeString(file, RecordFormats.JSON.writeValueAsString(broken) + "\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> JsonLines.read(file, RoundLine.class));
        assertTrue(e.getMessage().contains("test_loss"), e.getMessage());
    }
}
