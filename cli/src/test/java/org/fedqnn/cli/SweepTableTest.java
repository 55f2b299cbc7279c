package org.fedqnn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.fedqnn.server.records.CsvTable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code sweep.csv} through the CSV library: the bytes it had before, and read back row by row. */
class SweepTableTest {

    @TempDir
    Path dir;

    @Test
    void theTableKeepsItsBytesAndReadsBack() throws IOException {
        Path file = dir.resolve("sweep.csv");
        List<SweepRow> rows = SweepReport.rows(SweepSpread.TRAINING, SweepFixtures.measured(), SweepFixtures.prediction());
        CsvTable.write(file, SweepRow.class, rows);
        try (InputStream before = SweepTableTest.class.getResourceAsStream("sweep-before.csv")) {
            assertEquals(new String(before.readAllBytes(), StandardCharsets.UTF_8), Files.readString(file));
        }
        List<SweepRow> read = SweepRow.read(file);
        assertEquals(List.of("float32", "4"), read.stream().map(SweepRow::precision).toList());
        assertEquals(5, read.get(0).roundsToTarget());
        assertNull(read.get(1).roundsToTarget(), "not reached: an empty cell, read as null");
        assertTrue(Double.isNaN(read.get(1).joulesToTarget()));
        assertEquals(0.123457, read.get(0).joulesToTarget(), 0.0, "six digits");
        Path again = dir.resolve("again.csv");
        CsvTable.write(again, SweepRow.class, read);
        assertEquals(Files.readString(file), Files.readString(again), "read back, every row writes the same");
    }
}
