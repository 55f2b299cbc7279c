package org.fedqnn.datasets.catalog;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The data sets fedqnn knows by name: {@code mnist}, {@code fashion-mnist} and {@code cifar10}.
 * Stateless and thread-safe.
 */
public final class Catalogue {

    private Catalogue() {
    }

    /** MNIST handwritten digits: 60000 + 10000 greyscale 28x28 images, 10 classes. */
    public static final DatasetSpec MNIST = new DatasetSpec("mnist", DataFormat.IDX, 1, 28, 28, 10,
            60_000, 10_000,
            List.of("train-images-idx3-ubyte", "train-labels-idx1-ubyte"),
            List.of("t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"),
            List.of(), KnownChecksums.MNIST, Optional.of(KnownChecksums.MNIST_PACKAGE), "");

    /** Fashion-MNIST (Zalando): 60000 + 10000 greyscale 28x28 images, 10 classes. */
    public static final DatasetSpec FASHION_MNIST = new DatasetSpec("fashion-mnist", DataFormat.IDX,
            1, 28, 28, 10, 60_000, 10_000,
            List.of("train-images-idx3-ubyte", "train-labels-idx1-ubyte"),
            List.of("t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"),
            List.of(), KnownChecksums.FASHION_MNIST, Optional.empty(),
            "install Debian's package: sudo apt-get install dataset-fashion-mnist");

    /** CIFAR-10 (binary version): 50000 + 10000 colour 32x32 images, 10 classes. */
    public static final DatasetSpec CIFAR10 = new DatasetSpec("cifar10", DataFormat.CIFAR10_BINARY,
            3, 32, 32, 10, 50_000, 10_000,
            List.of("data_batch_1.bin", "data_batch_2.bin", "data_batch_3.bin", "data_batch_4.bin",
                    "data_batch_5.bin"),
            List.of("test_batch.bin"),
            List.of("cifar-10-batches-bin"), KnownChecksums.CIFAR10,
            Optional.of(KnownChecksums.CIFAR10_PACKAGE), "");

    /** Every known data set. */
    public static List<DatasetSpec> all() {
        return List.of(MNIST, FASHION_MNIST, CIFAR10);
    }

    /**
     * The data set called {@code name} (case-insensitive; {@code "cifar-10"} is accepted for
     * {@code "cifar10"}).
     *
     * @throws IllegalArgumentException naming the known data sets when there is none such
     */
    public static DatasetSpec byName(String name) {
        String key = name.trim().toLowerCase(Locale.ROOT);
        if (key.equals("cifar-10")) {
            key = "cifar10";
        }
        for (DatasetSpec spec : all()) {
            if (spec.name().equals(key)) {
                return spec;
            }
        }
        throw new IllegalArgumentException("data set: expected one of "
                + all().stream().map(DatasetSpec::name).collect(Collectors.joining(", "))
                + ", actual \"" + name + "\"");
    }
}
