package org.fedqnn.datasets.catalog;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * Where a data set's files were found: the folder, which look-up rule found it, and the path of
 * each logical file in the order of {@link DatasetSpec#trainFiles()} and
 * {@link DatasetSpec#testFiles()}. Immutable and thread-safe.
 *
 * @param spec the data set
 * @param folder the folder that holds all its files
 * @param origin the look-up rule that found it, e.g. {@code "FEDQNN_DATA"}
 * @param trainFiles the training files
 * @param testFiles the test files
 */
public record LocatedDataset(
        DatasetSpec spec, Path folder, String origin, List<Path> trainFiles, List<Path> testFiles) {

    public LocatedDataset {
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(folder, "folder");
        Objects.requireNonNull(origin, "origin");
        trainFiles = List.copyOf(trainFiles);
        testFiles = List.copyOf(testFiles);
        if (trainFiles.size() != spec.trainFiles().size()) {
            throw new IllegalArgumentException("trainFiles: expected " + spec.trainFiles().size()
                    + " paths, actual " + trainFiles.size());
        }
        if (testFiles.size() != spec.testFiles().size()) {
            throw new IllegalArgumentException("testFiles: expected " + spec.testFiles().size()
                    + " paths, actual " + testFiles.size());
        }
    }
}
