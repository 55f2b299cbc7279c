/**
 * Checked readers for the IDX (MNIST, Fashion-MNIST) and CIFAR-10 binary formats. They read in
 * bulk through buffers, hash each file with SHA-256 as they go, and throw
 * {@link org.fedqnn.datasets.DataFormatException} on any malformed input.
 */
package org.fedqnn.datasets.io;
