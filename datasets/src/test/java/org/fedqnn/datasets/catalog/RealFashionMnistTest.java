package org.fedqnn.datasets.catalog;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.fedqnn.datasets.Dataset;
import org.fedqnn.datasets.LabeledImages;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Loads Debian's Fashion-MNIST when it is installed (it is on CI). */
class RealFashionMnistTest {

    private static final Path DEBIAN = Path.of("/usr/share/datasets");

    @TempDir
    Path home;

    @Test
    void loadsDebianFashionMnist() throws Exception {
        Assumptions.assumeTrue(Files.isDirectory(DEBIAN.resolve("fashion-mnist")),
                "Debian's dataset-fashion-mnist is not installed");
        DatasetLocator locator = new DatasetLocator(name -> null, List.of(DEBIAN), home);
        LocatedDataset located = locator.locate(Catalogue.FASHION_MNIST, Optional.empty());
        assertEquals("system data sets", located.origin());

        long start = System.nanoTime();
        Dataset data = DatasetLoader.load(located);
        long millis = (System.nanoTime() - start) / 1_000_000;
        System.out.println("Fashion-MNIST loaded in " + millis + " ms");
        assertTrue(millis < 10_000, "loading took " + millis + " ms");

        LabeledImages train = data.train();
        assertEquals(60_000, train.count());
        assertEquals(10_000, data.test().count());
        assertEquals(1, train.channels());
        assertEquals(28, train.height());
        assertEquals(28, train.width());
        assertEquals(10, train.classes());
        int[] perClass = new int[10];
        java.util.Arrays.fill(perClass, 6000);
        assertArrayEquals(perClass, train.classCounts());
        int[] testPerClass = new int[10];
        java.util.Arrays.fill(testPerClass, 1000);
        assertArrayEquals(testPerClass, data.test().classCounts());

        assertEquals(Map.of(
                "t10k-images-idx3-ubyte.gz",
                "cc1d090a38ace84dfa1aa66e3ada7c336ef481a96936906477e6dd344da56eaa",
                "t10k-labels-idx1-ubyte.gz",
                "8d3605d196f4be44669e46906da9733c8131fef761fdbfec72c424d5222f1a05",
                "train-images-idx3-ubyte.gz",
                "b0564c3eedabfbf835052cff8503ea422014ce006caf5b757f851416ee8300c7",
                "train-labels-idx1-ubyte.gz",
                "0ae29f65d86684f32d1b9c85147786c547b9c6aebcaf235f0400a0cce308b056"),
                data.fileSha256());
        assertEquals(List.of(), Catalogue.FASHION_MNIST.knownSumMismatches(data.fileSha256()));
    }
}
