package org.fedqnn.datasets.partition;

import org.fedqnn.datasets.SeededShuffle;
import org.fedqnn.datasets.Seeds;

/**
 * Pathological non-IID split of McMahan et al. (2017): the samples are sorted by label (ties in
 * a seeded random order), cut into {@code N * shardsPerDevice} contiguous shards whose sizes
 * differ by at most one, and each device gets {@code shardsPerDevice} shards chosen at random.
 * A shard spans one label unless it straddles a label boundary, so when every class size is a
 * multiple of the shard size each device sees at most {@code shardsPerDevice} labels.
 *
 * <p>Every device gets at least {@code shardsPerDevice * floor(n / (N * shardsPerDevice))}
 * samples; when that is below {@link #minPerDevice()} the call fails, naming N, the minimum
 * and the sample count. Immutable and thread-safe.
 *
 * @param shardsPerDevice shards each device gets, at least 1 (McMahan et al. use 2)
 * @param minPerDevice the smallest number of samples a device may get, at least 0
 */
public record ShardPartitioner(int shardsPerDevice, int minPerDevice) implements Partitioner {

    /** Shards per device when none is given, as in McMahan et al. */
    public static final int DEFAULT_SHARDS_PER_DEVICE = 2;

    public ShardPartitioner {
        if (shardsPerDevice < 1) {
            throw new IllegalArgumentException(
                    "shardsPerDevice: expected >= 1, actual " + shardsPerDevice);
        }
        Partitions.requireMinimumArgument(minPerDevice);
    }

    /** Two shards per device and the default minimum. */
    public ShardPartitioner() {
        this(DEFAULT_SHARDS_PER_DEVICE, DEFAULT_MIN_PER_DEVICE);
    }

    @Override
    public int[][] partition(int[] labels, int classes, int devices, long seed) {
        Partitions.requireValid(labels, classes, devices, minPerDevice);
        int n = labels.length;
        long shards = (long) devices * shardsPerDevice;
        long smallestDevice = shardsPerDevice * (n / shards);
        if (shards > n || smallestDevice < minPerDevice) {
            throw new IllegalArgumentException("cannot cut " + n + " samples into N = " + devices
                    + " devices x " + shardsPerDevice + " shards with at least " + minPerDevice
                    + " samples (and at least 1 per shard) per device: the smallest device would"
                    + " get " + smallestDevice + "; use fewer devices or shards, or a smaller minimum");
        }
        int[] sorted = sortedByLabel(labels, classes, seed);
        int[] shardOrder = SeededShuffle.permutation((int) shards, Seeds.derive(seed, 1));
        int[][] out = new int[devices][];
        for (int d = 0; d < devices; d++) {
            IntList part = new IntList();
            for (int s = 0; s < shardsPerDevice; s++) {
                long shard = shardOrder[d * shardsPerDevice + s];
                int from = (int) (n * shard / shards);
                int to = (int) (n * (shard + 1) / shards);
                for (int i = from; i < to; i++) {
                    part.add(sorted[i]);
                }
            }
            out[d] = part.toSortedArray();
        }
        return out;
    }

    /** All indices sorted by label; within a label in a seeded random order. */
    private static int[] sortedByLabel(int[] labels, int classes, long seed) {
        int[] order = SeededShuffle.permutation(labels.length, Seeds.derive(seed, 0));
        int[] start = new int[classes + 1];
        for (int label : labels) {
            start[label + 1]++;
        }
        for (int c = 0; c < classes; c++) {
            start[c + 1] += start[c];
        }
        int[] sorted = new int[labels.length];
        for (int i : order) {
            sorted[start[labels[i]]++] = i;
        }
        return sorted;
    }
}
