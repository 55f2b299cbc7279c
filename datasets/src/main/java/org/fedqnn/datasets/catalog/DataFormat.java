package org.fedqnn.datasets.catalog;

import java.util.List;

/**
 * The on-disk formats this module reads, and the file names each accepts. Immutable and
 * thread-safe.
 */
public enum DataFormat {

    /**
     * IDX files (MNIST, Fashion-MNIST), one image file and one label file per split. A logical
     * name such as {@code train-images-idx3-ubyte} is found as {@code NAME.gz}, {@code NAME}
     * or the dotted variant {@code train-images.idx3-ubyte}; gzip is detected from content.
     */
    IDX,

    /** CIFAR-10 binary batches, found under their exact names. */
    CIFAR10_BINARY;

    /** The file names that can hold the logical file {@code name}, in order of preference. */
    public List<String> candidateNames(String name) {
        if (this == CIFAR10_BINARY) {
            return List.of(name);
        }
        String dotted = name.replaceFirst("-(idx[0-9]-ubyte)$", ".$1");
        return dotted.equals(name) ? List.of(name + ".gz", name)
                : List.of(name + ".gz", name, dotted + ".gz", dotted);
    }
}
