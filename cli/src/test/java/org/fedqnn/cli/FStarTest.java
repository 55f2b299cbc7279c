package org.fedqnn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.fedqnn.server.records.CsvTable;
import org.fedqnn.server.records.RoundRow;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FStarTest {

    @TempDir
    Path dir;

    @Test
    void takesTheLowestTrainingLossOfAnEpochsOrRoundsTable() throws IOException {
        Path epochs = dir.resolve("epochs.csv");
        CsvTable.write(epochs, EpochRow.class, List.of(new EpochRow(1, 0.1, 0.61, 0.7, 0.8, 100, 1, 1),
                new EpochRow(2, 0.09, 0.42, 0.5, 0.85, 100, 1, 1), new EpochRow(3, 0.08, 0.47, 0.5, 0.85, 100, 1, 1)));
        assertEquals(0.42, FStar.lowestTrainingLoss(epochs));
        Path rounds = dir.resolve("rounds.csv");
        CsvTable.write(rounds, RoundRow.class, List.of(round(0.9), round(Double.NaN), round(0.7)));
        assertEquals(0.7, FStar.lowestTrainingLoss(rounds));
    }

    private static RoundRow round(double trainingLoss) {
        return new RoundRow(0, 0, 1, 1, 0, 0, 0, true, 0.1, 0.5, 1, 1, 8, 8, 64L, 0, 0, 0, 0, 0, trainingLoss,
                trainingLoss, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 8, 8);
    }

    @Test
    void namesTheFileAndWhatIsWrong() throws IOException {
        Path noColumn = Files.writeString(dir.resolve("a.csv"), "round,test_loss\n0,1.0\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> FStar.lowestTrainingLoss(noColumn));
        assertTrue(e.getMessage().contains(noColumn.toString()) && e.getMessage().contains("train_loss"),
                e.getMessage());
        String header = String.join(",", CsvTable.columns(EpochRow.class));
        Path text = Files.writeString(dir.resolve("b.csv"), header + "\n1,0.1,abc,0.7,0.8,100,1,1\n");
        e = assertThrows(IllegalArgumentException.class, () -> FStar.lowestTrainingLoss(text));
        assertTrue(e.getMessage().contains("line 2") && e.getMessage().contains("train_loss")
                && e.getMessage().contains("abc"), e.getMessage());
        Path empty = Files.writeString(dir.resolve("c.csv"), header + "\n");
        e = assertThrows(IllegalArgumentException.class, () -> FStar.lowestTrainingLoss(empty));
        assertTrue(e.getMessage().contains("no finite training loss"), e.getMessage());
    }
}
