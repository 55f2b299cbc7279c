/**
 * Splitting a training set over N devices: {@link org.fedqnn.datasets.partition.IidPartitioner},
 * {@link org.fedqnn.datasets.partition.DirichletPartitioner} (label skew) and
 * {@link org.fedqnn.datasets.partition.ShardPartitioner} (label-sorted shards), each
 * deterministic for a seed, each assigning every sample to exactly one device and guaranteeing
 * a minimum number of samples per device; plus {@link org.fedqnn.datasets.partition.PartitionStats}
 * to describe the result and {@link org.fedqnn.datasets.partition.DeviceSplit} for a device's
 * local train/test split.
 */
package org.fedqnn.datasets.partition;
