package org.fedqnn.datasets.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.fedqnn.datasets.DataFormatException;
import org.fedqnn.datasets.Dataset;
import org.fedqnn.datasets.TestFiles;
import org.fedqnn.datasets.download.Checksums;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetLoaderTest {

    @TempDir
    Path tmp;

    private static DatasetSpec tinyIdx(int train, int test, int side) {
        return new DatasetSpec("tiny", DataFormat.IDX, 1, side, side, 10, train, test,
                Catalogue.MNIST.trainFiles(), Catalogue.MNIST.testFiles(), List.of(),
                Catalogue.MNIST.download(), Optional.empty(), "");
    }

    private DatasetLocator locator() {
        return new DatasetLocator(name -> null, List.of(), tmp.resolve("home"));
    }

    @Test
    void loadsIdxAndRecordsEveryFileSum() throws Exception {
        TestFiles.writeIdxDataset(tmp.resolve("d"), 12, 5, 3, 10);
        Dataset data = DatasetLoader.load(tinyIdx(12, 5, 3), locator(), Optional.of(tmp.resolve("d")));
        assertEquals("tiny", data.name());
        assertEquals(12, data.train().count());
        assertEquals(5, data.test().count());
        assertEquals(4, data.fileSha256().size());
        assertEquals(Checksums.sha256Hex(tmp.resolve("d/t10k-images-idx3-ubyte.gz")),
                data.fileSha256().get("t10k-images-idx3-ubyte.gz"));
    }

    @Test
    void refusesCountOrShapeOtherThanTheCatalogues() throws Exception {
        TestFiles.writeIdxDataset(tmp.resolve("d"), 12, 5, 3, 10);
        DataFormatException count = assertThrows(DataFormatException.class, () ->
                DatasetLoader.load(tinyIdx(60, 5, 3), locator(), Optional.of(tmp.resolve("d"))));
        assertTrue(count.getMessage().contains("image count: expected 60, actual 12"),
                count.getMessage());
        DataFormatException rows = assertThrows(DataFormatException.class, () ->
                DatasetLoader.load(tinyIdx(12, 5, 28), locator(), Optional.of(tmp.resolve("d"))));
        assertTrue(rows.getMessage().contains("rows: expected 28, actual 3"), rows.getMessage());
    }

    @Test
    void loadsCifarFromItsArchiveFolder() throws Exception {
        DatasetSpec spec = new DatasetSpec("tiny-cifar", DataFormat.CIFAR10_BINARY, 3, 32, 32, 10,
                4, 2, List.of("data_batch_1.bin", "data_batch_2.bin"), List.of("test_batch.bin"),
                List.of("cifar-10-batches-bin"), Catalogue.CIFAR10.download(), Optional.empty(), "");
        Path folder = tmp.resolve("c/cifar-10-batches-bin");
        TestFiles.write(folder.resolve("data_batch_1.bin"), TestFiles.cifarBatch(new byte[] {0, 1}));
        TestFiles.write(folder.resolve("data_batch_2.bin"), TestFiles.cifarBatch(new byte[] {2, 3}));
        TestFiles.write(folder.resolve("test_batch.bin"), TestFiles.cifarBatch(new byte[] {4, 5}));
        Dataset data = DatasetLoader.load(spec, locator(), Optional.of(tmp.resolve("c")));
        assertEquals(4, data.train().count());
        assertEquals(2, data.train().label(2));
        assertEquals(3, data.train().label(3));
        assertEquals(2, data.test().count());
        assertEquals(3, data.fileSha256().size());
    }
}
