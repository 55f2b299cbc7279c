/**
 * Image data sets for federated training: the in-memory {@link org.fedqnn.datasets.LabeledImages}
 * and {@link org.fedqnn.datasets.Dataset} types, and the checked
 * {@link org.fedqnn.datasets.DataFormatException} every reader throws on a bad file.
 *
 * <p>Sub-packages: {@code io} (IDX and CIFAR-10 binary readers), {@code catalog} (known data
 * sets, where to find them on disk, loading), {@code download} (fetching and checking the
 * standard files), {@code tensor} (normalised NHWC batches for the trainer) and {@code partition}
 * (IID, Dirichlet and shard splits over devices).
 */
package org.fedqnn.datasets;
