package org.fedqnn.datasets.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.fedqnn.datasets.LabeledImages;
import org.fedqnn.datasets.SeededShuffle;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.dataset.DataSet;

class MiniBatchIteratorTest {

    private final LabeledImages data = TensorsTest.images(50);
    private final int[] shard = {1, 3, 5, 7, 9, 11, 13, 15, 17, 19, 21}; // 11 samples
    private final FeatureScaling unit = FeatureScaling.unitRange(2);

    private static List<Integer> sizes(MiniBatchIterator it) {
        List<Integer> sizes = new ArrayList<>();
        while (it.hasNext()) {
            sizes.add((int) it.next().getFeatures().size(0));
        }
        return sizes;
    }

    @Test
    void lastBatchRules() {
        assertEquals(List.of(4, 4, 3), sizes(MiniBatchIterator.inOrder(data, shard, 4, LastBatch.KEEP, unit)));
        assertEquals(List.of(4, 4), sizes(MiniBatchIterator.inOrder(data, shard, 4, LastBatch.DROP, unit)));
        assertEquals(List.of(4, 7), sizes(MiniBatchIterator.inOrder(data, shard, 4, LastBatch.MERGE, unit)));
        assertEquals(List.of(5, 5, 1), sizes(MiniBatchIterator.inOrder(data, shard, 5, LastBatch.KEEP, unit)));
        assertEquals(List.of(5, 6), sizes(MiniBatchIterator.inOrder(data, shard, 5, LastBatch.MERGE, unit)));
        assertEquals(List.of(11), sizes(MiniBatchIterator.inOrder(data, shard, 32, LastBatch.MERGE, unit)));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> MiniBatchIterator.inOrder(data, shard, 32, LastBatch.DROP, unit));
        assertTrue(e.getMessage().contains("32") && e.getMessage().contains("11"), e.getMessage());
    }

    @Test
    void inOrderVisitsTheShardAsGiven() {
        MiniBatchIterator it = MiniBatchIterator.inOrder(data, shard, 4, LastBatch.KEEP, unit);
        DataSet first = it.next();
        assertEquals(shard[0] % 3, first.getLabels().getRow(0).argMax().getInt(0));
        assertEquals(data.pixels()[shard[1] * 12 + 5] & 0xFF,
                Math.round(first.getFeatures().getFloat(1, 0, 1, 2) * 255));
        assertArrayEquals(shard, it.epochOrder());
    }

    @Test
    void sameSeedSameOrderAndEachEpochReshuffles() {
        MiniBatchIterator a = MiniBatchIterator.shuffled(data, shard, 4, LastBatch.KEEP, unit, 42);
        MiniBatchIterator b = MiniBatchIterator.shuffled(data, shard, 4, LastBatch.KEEP, unit, 42);
        MiniBatchIterator c = MiniBatchIterator.shuffled(data, shard, 4, LastBatch.KEEP, unit, 43);
        assertArrayEquals(a.epochOrder(), b.epochOrder());
        assertFalse(Arrays.equals(a.epochOrder(), c.epochOrder()));
        int[] sorted = a.epochOrder().clone();
        Arrays.sort(sorted);
        assertArrayEquals(shard, sorted, "a permutation of the shard");
        assertEquals(a.next().getFeatures(), b.next().getFeatures());

        int[] epoch0 = a.epochOrder();
        a.reset();
        b.reset();
        assertEquals(1, a.epoch());
        assertFalse(Arrays.equals(epoch0, a.epochOrder()));
        assertArrayEquals(a.epochOrder(), b.epochOrder());
        assertEquals(3, sizes(a).size());
    }

    @Test
    void seededShuffleIsReproducible() {
        assertArrayEquals(SeededShuffle.permutation(100, 7), SeededShuffle.permutation(100, 7));
        assertFalse(Arrays.equals(SeededShuffle.permutation(100, 7), SeededShuffle.permutation(100, 8)));
        int[] p = SeededShuffle.permutation(100, 7);
        Arrays.sort(p);
        for (int i = 0; i < 100; i++) {
            assertEquals(i, p[i]);
        }
    }

    @Test
    void dataSetIteratorContract() {
        MiniBatchIterator it = MiniBatchIterator.inOrder(data, shard, 4, LastBatch.KEEP, unit);
        assertEquals(12, it.inputColumns());
        assertEquals(3, it.totalOutcomes());
        assertEquals(4, it.batch());
        assertTrue(it.resetSupported());
        assertEquals(List.of("0", "1", "2"), it.getLabels());
        assertEquals(6, it.next(6).getFeatures().size(0));
        assertEquals(2, it.next().getFeatures().size(0), "next() completes the current batch");
        assertEquals(3, it.next().getFeatures().size(0));
        assertFalse(it.hasNext());
    }
}
