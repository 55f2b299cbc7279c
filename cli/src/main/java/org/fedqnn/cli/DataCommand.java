package org.fedqnn.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.fedqnn.datasets.Dataset;
import org.fedqnn.datasets.catalog.Catalogue;
import org.fedqnn.datasets.catalog.DatasetLocator;
import org.fedqnn.datasets.catalog.DatasetNotFoundException;
import org.fedqnn.datasets.catalog.DatasetSpec;
import org.fedqnn.datasets.catalog.LocatedDataset;
import org.fedqnn.datasets.download.DownloadTimeouts;
import org.fedqnn.datasets.download.Downloader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code fedqnn data}: where the data sets are, fetching them, and checking them. */
@Command(name = "data", mixinStandardHelpOptions = true,
        description = "Lists, downloads and checks the catalogue's data sets.")
final class DataCommand {

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Command(name = "list", description = "Each data set of the catalogue and where it was found, if anywhere.")
    int list() {
        PrintWriter out = spec.commandLine().getOut();
        DatasetLocator locator = DatasetLocator.system();
        for (DatasetSpec ds : Catalogue.all()) {
            String where;
            try {
                LocatedDataset located = locator.locate(ds, Optional.empty());
                where = located.folder() + " (" + located.origin() + ")";
            } catch (DatasetNotFoundException e) {
                where = "not found; " + (ds.installHint().isEmpty()
                        ? "fedqnn data download " + ds.name() : ds.installHint());
            }
            out.printf(Locale.ROOT, "%-14s %dx%dx%d, %d classes, %d train / %d test: %s%n", ds.name(),
                    ds.channels(), ds.height(), ds.width(), ds.classes(), ds.trainCount(), ds.testCount(), where);
        }
        out.flush();
        return 0;
    }

    @Command(name = "download", description = "Fetches a data set's standard files, checks their sums, "
            + "and moves them into place (default: the user cache).")
    int download(@Parameters(paramLabel = "NAME", description = "mnist, fashion-mnist or cifar10") String name,
                 @Option(names = "--to", description = "Target folder (default: the user cache).") Path to)
            throws IOException {
        DatasetSpec ds = Catalogue.byName(name);
        Path target = to != null ? to : DatasetLocator.system().cacheFolder(ds);
        List<Path> files = new Downloader(DownloadTimeouts.DEFAULT, System.err).download(ds.download(), target);
        PrintWriter out = spec.commandLine().getOut();
        files.forEach(f -> out.println(f));
        out.flush();
        return 0;
    }

    @Command(name = "inspect", description = "Loads a data set, checks every file, and prints counts, "
            + "class balance and SHA-256 sums.")
    int inspect(@Mixin DataOptions data) throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        Dataset ds = data.load(out);
        out.println("train class counts " + java.util.Arrays.toString(ds.train().classCounts()));
        out.println("test class counts  " + java.util.Arrays.toString(ds.test().classCounts()));
        for (Map.Entry<String, String> e : ds.fileSha256().entrySet()) {
            out.println("sha256 " + e.getValue() + "  " + e.getKey());
        }
        out.flush();
        return 0;
    }
}
