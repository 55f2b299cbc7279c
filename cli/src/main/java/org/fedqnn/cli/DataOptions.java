package org.fedqnn.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.fedqnn.datasets.Dataset;
import org.fedqnn.datasets.catalog.Catalogue;
import org.fedqnn.datasets.catalog.DatasetLoader;
import org.fedqnn.datasets.catalog.DatasetLocator;
import org.fedqnn.datasets.catalog.DatasetSpec;
import org.fedqnn.datasets.catalog.LocatedDataset;
import picocli.CommandLine.Option;

/** The options that choose a catalogue data set and where to look for it. */
final class DataOptions {

    @Option(names = "--dataset", defaultValue = "fashion-mnist",
            description = "Data set: mnist, fashion-mnist or cifar10 (default ${DEFAULT-VALUE}).")
    String dataset;

    @Option(names = "--data-dir",
            description = "Folder to look in first; then $FEDQNN_DATA, /usr/share/datasets/<name>, the user cache.")
    Path dataDir;

    DatasetSpec spec() {
        return Catalogue.byName(dataset);
    }

    LocatedDataset locate() throws IOException {
        return DatasetLocator.system().locate(spec(), Optional.ofNullable(dataDir));
    }

    /** Locates and loads the data set, saying where it came from and warning about unknown sums. */
    Dataset load(PrintWriter out) throws IOException {
        LocatedDataset located = locate();
        if (dataDir != null && !located.origin().equals("explicit folder")) {
            out.println("note: " + dataset + " is not in " + dataDir + "; using " + located.folder());
        }
        long start = System.nanoTime();
        Dataset data = DatasetLoader.load(located);
        out.printf(java.util.Locale.ROOT, "data set    %s from %s (%s), %d train + %d test images of %dx%dx%d, "
                        + "%d classes, loaded in %d ms%n",
                data.name(), located.folder(), located.origin(), data.train().count(), data.test().count(),
                data.train().channels(), data.train().height(), data.train().width(), data.train().classes(),
                (System.nanoTime() - start) / 1_000_000);
        List<String> mismatches = located.spec().knownSumMismatches(data.fileSha256());
        for (String m : mismatches) {
            out.println("note: checksum differs from the catalogue's (another copy or version?): " + m);
        }
        return data;
    }
}
