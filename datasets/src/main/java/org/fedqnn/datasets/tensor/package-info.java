/**
 * Turning {@link org.fedqnn.datasets.LabeledImages} into ND4J tensors: normalised NCHW float
 * features, one-hot float labels, and seeded mini-batches over any subset of samples (a
 * device's shard).
 */
package org.fedqnn.datasets.tensor;
