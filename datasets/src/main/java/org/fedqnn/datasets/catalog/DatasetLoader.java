package org.fedqnn.datasets.catalog;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.fedqnn.datasets.DataFormatException;
import org.fedqnn.datasets.Dataset;
import org.fedqnn.datasets.LabeledImages;
import org.fedqnn.datasets.io.Cifar10Reader;
import org.fedqnn.datasets.io.IdxReader;
import org.fedqnn.datasets.io.SourcedImages;

/**
 * Loads a located data set into memory and checks it against its {@link DatasetSpec}: image
 * counts, image shape and classes must be what the catalogue says, on top of the readers' own
 * format checks. The returned {@link Dataset} carries the SHA-256 of every file read. Stateless
 * and thread-safe.
 */
public final class DatasetLoader {

    private DatasetLoader() {
    }

    /** Locates {@code spec} with {@code locator} (see its look-up order) and loads it. */
    public static Dataset load(DatasetSpec spec, DatasetLocator locator,
            Optional<Path> explicitFolder) throws IOException {
        return load(locator.locate(spec, explicitFolder));
    }

    /** Loads the files of a located data set. */
    public static Dataset load(LocatedDataset located) throws IOException {
        DatasetSpec spec = located.spec();
        SourcedImages train = readSplit(spec, located.trainFiles(), spec.trainCount());
        SourcedImages test = readSplit(spec, located.testFiles(), spec.testCount());
        Map<String, String> sums = new TreeMap<>(train.fileSha256());
        sums.putAll(test.fileSha256());
        return new Dataset(spec.name(), train.images(), test.images(), sums);
    }

    private static SourcedImages readSplit(DatasetSpec spec, List<Path> files, int expectedCount)
            throws IOException {
        SourcedImages read = switch (spec.format()) {
            case IDX -> IdxReader.read(files.get(0), files.get(1), spec.classes());
            case CIFAR10_BINARY -> Cifar10Reader.read(files, spec.recordsPerFile());
        };
        LabeledImages images = read.images();
        Path first = files.get(0);
        require(first, "image count", expectedCount, images.count());
        require(first, "channels", spec.channels(), images.channels());
        require(first, "rows", spec.height(), images.height());
        require(first, "columns", spec.width(), images.width());
        require(first, "classes", spec.classes(), images.classes());
        return read;
    }

    private static void require(Path file, String field, int expected, int actual)
            throws DataFormatException {
        if (expected != actual) {
            throw new DataFormatException(file, field, expected, actual);
        }
    }
}
