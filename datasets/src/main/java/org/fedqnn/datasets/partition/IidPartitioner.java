package org.fedqnn.datasets.partition;

import org.fedqnn.datasets.SeededShuffle;

/**
 * IID split: the samples are shuffled with the seed and cut into N contiguous runs whose sizes
 * differ by at most one, so every device sees (up to sampling noise) the global label
 * distribution. Immutable and thread-safe.
 *
 * @param minPerDevice the smallest number of samples a device may get, at least 0
 */
public record IidPartitioner(int minPerDevice) implements Partitioner {

    public IidPartitioner {
        Partitions.requireMinimumArgument(minPerDevice);
    }

    /** With the {@linkplain Partitioner#DEFAULT_MIN_PER_DEVICE default minimum}. */
    public IidPartitioner() {
        this(DEFAULT_MIN_PER_DEVICE);
    }

    @Override
    public int[][] partition(int[] labels, int classes, int devices, long seed) {
        Partitions.requireValid(labels, classes, devices, minPerDevice);
        int n = labels.length;
        int[] order = SeededShuffle.permutation(n, seed);
        int[][] out = new int[devices][];
        for (int d = 0; d < devices; d++) {
            int from = (int) ((long) n * d / devices);
            int to = (int) ((long) n * (d + 1) / devices);
            out[d] = java.util.Arrays.copyOfRange(order, from, to);
            java.util.Arrays.sort(out[d]);
        }
        return out;
    }
}
