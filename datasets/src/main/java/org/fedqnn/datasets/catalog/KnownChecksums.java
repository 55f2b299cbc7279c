package org.fedqnn.datasets.catalog;

import java.net.URI;
import java.util.List;
import org.fedqnn.datasets.download.DownloadSource;
import org.fedqnn.datasets.download.DownloadSource.Packaging;
import org.fedqnn.datasets.download.RemoteFile;

/**
 * Every download URL and checksum this module knows, in one place.
 *
 * <p><b>Verification status.</b> The Fashion-MNIST sums were checked against the files of
 * Debian's {@code dataset-fashion-mnist} package. The MNIST SHA-256 sums and the CIFAR-10
 * SHA-256 sum were recorded from memory and published lists on a machine with no internet
 * access, and have NOT been verified against downloaded files; the CIFAR-10 MD5 is the one its
 * authors publish. Every sum is enforced on download; when an unverified one fails, the error
 * says that the sum itself may be wrong, and it should be corrected here. Stateless.
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

    // NOT VERIFIED on the machine where this was written (no internet): MNIST SHA-256 sums.
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

    // NOT VERIFIED here: the CIFAR-10 SHA-256. The MD5 is the authors' published one.
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
}
