package org.fedqnn.datasets.io;

import java.nio.file.Path;
import java.util.Objects;

/**
 * The content of one IDX1 label file: one class index per image, already checked to be in
 * range, and the SHA-256 of the file as it is on disk.
 *
 * <p>The label array is taken over, not copied; treat it as read-only. Under that rule an
 * instance is immutable and thread-safe.
 *
 * @param file the file read
 * @param labels one unsigned byte per image
 * @param sha256 lower-case hex SHA-256 of the file's bytes
 */
public record IdxLabels(Path file, byte[] labels, String sha256) {

    public IdxLabels {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(labels, "labels");
        Objects.requireNonNull(sha256, "sha256");
    }

    /** Number of labels. */
    public int count() {
        return labels.length;
    }

    @Override
    public String toString() {
        return "IdxLabels[" + file + ": " + labels.length + " labels]";
    }
}
