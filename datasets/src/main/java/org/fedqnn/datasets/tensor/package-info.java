/**
 * Turning {@link org.fedqnn.datasets.LabeledImages} into the trainer's inputs: feature scaling
 * fitted on the training set, and NHWC float features and labels of any subset of samples (a
 * device's shard, a test batch) written into reused buffers.
 */
package org.fedqnn.datasets.tensor;
