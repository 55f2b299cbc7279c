package org.fedqnn.datasets.partition;

import org.fedqnn.datasets.LabeledImages;

/**
 * Splits the samples of a training set over devices. The result is {@code int[devices][]}: the
 * sample indices of each device, ascending. Every sample is assigned to exactly one device,
 * every device gets at least {@link #minPerDevice()} samples, and the same labels, device
 * count and seed always give the same split. When the sample count cannot give every device
 * its minimum, the call fails with an {@link IllegalArgumentException} naming the device
 * count, the minimum and the sample count.
 *
 * <p>Implementations are immutable and thread-safe.
 */
public sealed interface Partitioner permits IidPartitioner, DirichletPartitioner, ShardPartitioner {

    /**
     * The default minimum samples per device: 10, as in Flower Datasets' Dirichlet partitioner;
     * it keeps any device from training on an empty set or on a single batch of one.
     */
    int DEFAULT_MIN_PER_DEVICE = 10;

    /**
     * Splits samples with the given labels over {@code devices} devices.
     *
     * @param labels the class of each sample, in {@code 0..classes-1}
     * @param classes the number of classes
     * @param devices the number of devices N, at least 1
     * @param seed the seed every random choice derives from
     */
    int[][] partition(int[] labels, int classes, int devices, long seed);

    /** The smallest number of samples any device receives. */
    int minPerDevice();

    /** Splits the samples of {@code data}. */
    default int[][] partition(LabeledImages data, int devices, long seed) {
        return partition(data.labelsAsInts(), data.classes(), devices, seed);
    }
}
