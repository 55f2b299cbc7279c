package org.fedqnn.server.measures;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The saving against a baseline is taken at equal accuracy: the lower of the two best. */
class BaselineTest {

    private final Baseline float32 = new Baseline("runs/f", "float32", new double[] {0.5, 0.7, 0.8},
            new double[] {1, 2, 3});

    @Test
    void savingIsAtTheFirstRoundEachRunReachedTheLowerBestAccuracy() {
        // this run's best is 0.75, reached in its round 3 with 0.9 J; the baseline reached 0.75 in round 3 with 3 J
        String text = float32.compare(new double[] {0.4, 0.6, 0.75}, new double[] {0.3, 0.6, 0.9});
        assertTrue(text.contains("to reach 75.00% test accuracy"), text);
        assertTrue(text.contains("this run used 0.9000 J and the baseline 3.000 J"), text);
        assertTrue(text.contains("a saving of **70.0%**"), text);
    }

    @Test
    void aRunThatCostMoreSaysSo() {
        // both reach 0.8; this run needs 6 J, the baseline 3 J
        String text = float32.compare(new double[] {0.5, 0.8, 0.85}, new double[] {2, 6, 9});
        assertTrue(text.contains("to reach 80.00%"), text);
        assertTrue(text.contains("**100.0% more** than the baseline"), text);
    }

    @Test
    void refusesMismatchedSeries() {
        assertThrows(IllegalArgumentException.class, () -> new Baseline("x", "float32", new double[] {1},
                new double[] {1, 2}));
    }
}
