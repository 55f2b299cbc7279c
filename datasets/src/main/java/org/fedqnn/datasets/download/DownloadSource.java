package org.fedqnn.datasets.download;

import java.net.URI;
import java.util.List;
import java.util.Objects;

/**
 * Where a data set's files come from: a base URL, the files under it and whether they are the
 * data files themselves or a {@code .tar.gz} archive to unpack. The base URL can be swapped
 * ({@link #withBaseUri}) for a mirror or, in tests, a local server. Immutable and thread-safe.
 *
 * @param baseUri base URL; must end with {@code /}
 * @param files the files under it, at least one
 * @param packaging how the files are packaged
 */
public record DownloadSource(URI baseUri, List<RemoteFile> files, Packaging packaging) {

    /** How the fetched files relate to the data files. */
    public enum Packaging {
        /** The fetched files are the data files. */
        FILES,
        /** Each fetched file is a gzip-compressed tar archive, unpacked into the target folder. */
        TAR_GZ
    }

    public DownloadSource {
        Objects.requireNonNull(baseUri, "baseUri");
        Objects.requireNonNull(packaging, "packaging");
        String scheme = baseUri.getScheme();
        if (!"http".equals(scheme) && !"https".equals(scheme)) {
            throw new IllegalArgumentException(
                    "baseUri scheme: expected http or https, actual " + scheme + " in " + baseUri);
        }
        if (!baseUri.getPath().endsWith("/")) {
            throw new IllegalArgumentException(
                    "baseUri: expected a path ending with '/', actual " + baseUri);
        }
        files = List.copyOf(files);
        if (files.isEmpty()) {
            throw new IllegalArgumentException("files: expected at least one, actual none");
        }
    }

    /** The same files under another base URL. */
    public DownloadSource withBaseUri(URI otherBase) {
        return new DownloadSource(otherBase, files, packaging);
    }

    /** The full URL of {@code file}. */
    public URI uriOf(RemoteFile file) {
        return baseUri.resolve(file.name());
    }
}
