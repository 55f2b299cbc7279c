package org.fedqnn.server.strategy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.fedqnn.server.GlobalModel;
import org.fedqnn.server.Parts;
import org.junit.jupiter.api.Test;

/** Robust rules against one hostile update among five: the honest values' range holds. */
class RobustAggregationTest {

    /** Four honest deltas in [-0.01, 0.01] and one of maximal 8-bit codes (127/128) everywhere. */
    private static float[][][] round() {
        SplittableRandom r = new SplittableRandom(3);
        float[][][] d = new float[5][][];
        for (int k = 0; k < 4; k++) {
            d[k] = Parts.delta(0);
            for (float[] t : d[k]) {
                for (int j = 0; j < t.length; j++) {
                    t[j] = (float) ((r.nextDouble() - 0.5) * 0.02);
                }
            }
        }
        d[4] = Parts.delta(127f / 128);
        return d;
    }

    private static GlobalModel aggregate(AggregatorChoice choice, float[][][] d, List<Integer> order) {
        Aggregation a = choice.create(Parts.layout());
        for (int k : order) {
            a.add(k, d[k]);
        }
        assertEquals(d.length, a.count());
        return a.next(new GlobalModel(0, new float[][] {new float[6], new float[2]}));
    }

    @Test
    void medianAndTrimmedMeanKeepEveryCoordinateInsideTheHonestRange() {
        float[][][] d = round();
        for (String rule : List.of("median", "trimmed-mean", "trimmed-mean:0.2")) {
            GlobalModel w = aggregate(AggregatorChoice.parse(rule), d, List.of(0, 1, 2, 3, 4));
            for (int i = 0; i < 2; i++) {
                for (int j = 0; j < w.tensor(i).length; j++) {
                    assertTrue(Math.abs(w.tensor(i)[j]) <= 0.01, rule + ": tensor " + i + " element " + j + " = "
                            + w.tensor(i)[j]);
                }
            }
            assertArrayEquals(w.tensor(0), aggregate(AggregatorChoice.parse(rule), d, List.of(4, 2, 0, 3, 1))
                    .tensor(0), rule + " does not depend on arrival order");
        }
        GlobalModel fedAvg = aggregate(AggregatorChoice.FEDAVG, d, List.of(0, 1, 2, 3, 4));
        assertTrue(fedAvg.tensor(1)[0] > 0.18, "eq. (8) is moved by a fifth of the hostile codes");
    }

    @Test
    void normClipScalesAnOversizedUpdateDownToTheBound() {
        float[][][] d = round();
        GlobalModel clipped = aggregate(AggregatorChoice.parse("norm-clip:3"), d, List.of(0, 1, 2, 3, 4));
        GlobalModel fedAvg = aggregate(AggregatorChoice.FEDAVG, d, List.of(0, 1, 2, 3, 4));
        double moved = 0;
        double unguarded = 0;
        for (int j = 0; j < 2; j++) {
            moved += Math.abs(clipped.tensor(1)[j]);
            unguarded += Math.abs(fedAvg.tensor(1)[j]);
        }
        assertTrue(moved < unguarded / 10, "clipped " + moved + " against " + unguarded);
        assertArrayEquals(clipped.tensor(0), aggregate(AggregatorChoice.parse("norm-clip:3"), d,
                List.of(3, 4, 1, 0, 2)).tensor(0));
    }

    @Test
    void choicesParseAndRefuseWithTheTextNamed() {
        assertEquals("trimmed-mean:0.1", AggregatorChoice.parse("Trimmed-Mean:0.1").label());
        assertEquals("norm-clip:3.0", AggregatorChoice.parse("norm-clip").label());
        assertEquals(AggregatorChoice.FEDAVG, AggregatorChoice.parse("fedavg"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> AggregatorChoice.parse("krum"));
        assertTrue(e.getMessage().contains("'krum'"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> AggregatorChoice.parse("trimmed-mean:0.5").create(
                Parts.layout()));
    }
}
