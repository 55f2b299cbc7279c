package org.fedqnn.datasets.partition;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.fedqnn.datasets.LabeledImages;
import org.fedqnn.datasets.TestFiles;
import org.junit.jupiter.api.Test;

class PartitionerTest {

    private static final int[] LABELS = TestFiles.labels(6000, 10, 5);

    private static double skew(Partitioner p, int devices, long seed) {
        return PartitionStats.of(p.partition(LABELS, 10, devices, seed), LABELS, 10)
                .meanTotalVariation();
    }

    @Test
    void smallAlphaIsMoreSkewedThanLargeAlphaAndIid() {
        for (long seed = 1; seed <= 3; seed++) {
            double tiny = skew(new DirichletPartitioner(0.1), 20, seed);
            double one = skew(new DirichletPartitioner(1.0), 20, seed);
            double large = skew(new DirichletPartitioner(100.0), 20, seed);
            double iid = skew(new IidPartitioner(), 20, seed);
            assertTrue(tiny > 0.5, "alpha 0.1: " + tiny);
            assertTrue(tiny > one && one > large, tiny + " > " + one + " > " + large);
            assertTrue(large < 0.15, "alpha 100: " + large);
            assertTrue(iid < 0.1, "iid: " + iid);
        }
    }

    @Test
    void differentSeedsGiveDifferentSplits() {
        DirichletPartitioner p = new DirichletPartitioner(0.5);
        assertFalse(Arrays.deepEquals(p.partition(LABELS, 10, 10, 1), p.partition(LABELS, 10, 10, 2)));
    }

    @Test
    void minimumHoldsEvenWhenRedrawsCannotMeetIt() {
        int[] labels = TestFiles.labels(1000, 10, 8);
        DirichletPartitioner p = new DirichletPartitioner(0.01, 9, 2); // needs sample moves
        int[][] parts = p.partition(labels, 10, 100, 3);
        PartitionStats stats = PartitionStats.of(parts, labels, 10);
        assertTrue(stats.minCount() >= 9, stats.summary());
        assertTrue(Arrays.deepEquals(parts, p.partition(labels, 10, 100, 3)));
        // N * min == samples: every device gets exactly the minimum
        int[][] exact = new DirichletPartitioner(0.05, 10, 1).partition(labels, 10, 100, 4);
        assertEquals(10, PartitionStats.of(exact, labels, 10).maxCount());
    }

    @Test
    void impossibleMinimumIsAClearError() {
        int[] labels = TestFiles.labels(100, 10, 1);
        for (Partitioner p : new Partitioner[] {new DirichletPartitioner(0.5, 10, 3),
                new IidPartitioner(10), new ShardPartitioner(2, 10)}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> p.partition(labels, 10, 11, 0));
            String m = e.getMessage();
            assertTrue(m.contains("N = 11") && m.contains("at least 10") && m.contains("100"), m);
        }
    }

    @Test
    void shardsGiveEachDeviceAtMostShardsPerDeviceLabels() {
        int[] sorted = new int[6000]; // 600 per class: a multiple of the shard size 100
        for (int i = 0; i < sorted.length; i++) {
            sorted[i] = i % 10;
        }
        for (int shards : new int[] {1, 2, 3}) {
            int devices = 60 / shards;
            int[][] parts = new ShardPartitioner(shards, 10).partition(sorted, 10, devices, 11);
            PartitionStats stats = PartitionStats.of(parts, sorted, 10);
            for (int d = 0; d < devices; d++) {
                assertTrue(stats.distinctLabels(d) <= shards, "device " + d + ": "
                        + Arrays.toString(stats.labelHistograms()[d]));
                assertEquals(100 * shards, stats.counts()[d]);
            }
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new ShardPartitioner(2, 1).partition(new int[10], 10, 6, 0));
        assertTrue(e.getMessage().contains("N = 6"), e.getMessage());
    }

    @Test
    void iidSizesDifferByAtMostOne() {
        int[][] parts = new IidPartitioner(1).partition(TestFiles.labels(103, 10, 2), 10, 10, 9);
        for (int[] part : parts) {
            assertTrue(part.length == 10 || part.length == 11, Integer.toString(part.length));
        }
    }

    @Test
    void worksOnLabeledImages() {
        LabeledImages data = new LabeledImages(20, 1, 1, 1, new byte[20],
                TestFiles.cyclicLabels(20, 2), 2);
        int[][] parts = new IidPartitioner(5).partition(data, 4, 1);
        assertEquals(4, parts.length);
        assertEquals(20, PartitionStats.of(parts, data.labelsAsInts(), 2).counts().length * 5);
    }

    @Test
    void statsMeasureSkewAndCheckCover() {
        int[] labels = {0, 0, 1, 1};
        PartitionStats split = PartitionStats.of(new int[][] {{0, 1}, {2, 3}}, labels, 2);
        assertEquals(0.5, split.meanTotalVariation(), 1e-12);
        assertEquals(1, split.distinctLabels(0));
        assertArrayEquals(new int[] {2, 0}, split.labelHistograms()[0]);
        PartitionStats mixed = PartitionStats.of(new int[][] {{0, 2}, {1, 3}}, labels, 2);
        assertEquals(0.0, mixed.meanTotalVariation(), 1e-12);
        assertTrue(mixed.summary().contains("2 devices"), mixed.summary());
        IllegalArgumentException twice = assertThrows(IllegalArgumentException.class,
                () -> PartitionStats.of(new int[][] {{0, 1, 2}, {2, 3}}, labels, 2));
        assertTrue(twice.getMessage().contains("sample 2"), twice.getMessage());
        IllegalArgumentException none = assertThrows(IllegalArgumentException.class,
                () -> PartitionStats.of(new int[][] {{0, 1}, {3}}, labels, 2));
        assertTrue(none.getMessage().contains("sample 2: expected one device, actual none"),
                none.getMessage());
    }

    @Test
    void deviceSplitKeepsItsMinimums() {
        int[] device = {3, 8, 12, 20, 21, 40, 41, 50, 60, 70};
        DeviceSplit split = DeviceSplit.of(device, 0.05, 2, 2, 7);
        assertEquals(2, split.test().length);
        assertEquals(8, split.train().length);
        assertEquals(split, DeviceSplit.of(device, 0.05, 2, 2, 7));
        int[] all = new int[10];
        System.arraycopy(split.train(), 0, all, 0, 8);
        System.arraycopy(split.test(), 0, all, 8, 2);
        Arrays.sort(all);
        assertArrayEquals(device, all);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> DeviceSplit.of(new int[] {1, 2, 3}, 0.2, 2, 2, 0));
        assertTrue(e.getMessage().contains("3 samples"), e.getMessage());
    }
}
