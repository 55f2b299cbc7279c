package org.fedqnn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FStarTest {

    @TempDir
    Path dir;

    @Test
    void takesTheLowestTrainingLossOfAnEpochsOrRoundsTable() throws IOException {
        Path epochs = Files.writeString(dir.resolve("epochs.csv"), EpochCsv.HEADER.strip() + "\n"
                + "0,0.1,0.61,0.7,0.8,100,1,1\n1,0.09,0.42,0.5,0.85,100,1,1\n2,0.08,0.47,0.5,0.85,100,1,1\n");
        assertEquals(0.42, FStar.lowestTrainingLoss(epochs));
        Path rounds = Files.writeString(dir.resolve("rounds.csv"), "round,training_loss,loss_gap\n0,0.9,0.9\n1,,\n"
                + "2,0.7,0.7\n");
        assertEquals(0.7, FStar.lowestTrainingLoss(rounds));
    }

    @Test
    void namesTheFileAndWhatIsWrong() throws IOException {
        Path noColumn = Files.writeString(dir.resolve("a.csv"), "round,test_loss\n0,1.0\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> FStar.lowestTrainingLoss(noColumn));
        assertTrue(e.getMessage().contains(noColumn.toString()) && e.getMessage().contains("no train_loss"),
                e.getMessage());
        Path text = Files.writeString(dir.resolve("b.csv"), "epoch,train_loss\n0,abc\n");
        e = assertThrows(IllegalArgumentException.class, () -> FStar.lowestTrainingLoss(text));
        assertTrue(e.getMessage().contains("line 2") && e.getMessage().contains("'abc'"), e.getMessage());
        Path empty = Files.writeString(dir.resolve("c.csv"), "epoch,train_loss\n");
        e = assertThrows(IllegalArgumentException.class, () -> FStar.lowestTrainingLoss(empty));
        assertTrue(e.getMessage().contains("no finite training loss"), e.getMessage());
    }
}
