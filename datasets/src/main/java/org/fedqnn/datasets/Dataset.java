package org.fedqnn.datasets;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * A data set as loaded from disk: its training and test images, and the SHA-256 of each file
 * that was actually read (keyed by file name, sorted), for a run's manifest.
 *
 * <p>Immutable and thread-safe (see {@link LabeledImages} for the rule on its arrays).
 *
 * @param name catalogue name, e.g. {@code "fashion-mnist"}
 * @param train training images
 * @param test test images, with the same per-image shape and classes as {@code train}
 * @param fileSha256 file name to lower-case hex SHA-256 of the bytes on disk
 */
public record Dataset(
        String name, LabeledImages train, LabeledImages test, Map<String, String> fileSha256) {

    private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");

    public Dataset {
        Objects.requireNonNull(name, "name");
        if (name.isBlank()) {
            throw new IllegalArgumentException("name: expected a non-blank name, actual \"" + name + "\"");
        }
        Objects.requireNonNull(train, "train");
        Objects.requireNonNull(test, "test");
        if (!train.sameShapeAs(test)) {
            throw new IllegalArgumentException("test shape: expected that of train " + train
                    + ", actual " + test);
        }
        Objects.requireNonNull(fileSha256, "fileSha256");
        TreeMap<String, String> sorted = new TreeMap<>();
        fileSha256.forEach((file, sum) -> {
            Objects.requireNonNull(file, "fileSha256 key");
            if (sum == null || !SHA256_HEX.matcher(sum).matches()) {
                throw new IllegalArgumentException("fileSha256[" + file
                        + "]: expected 64 lower-case hex digits, actual " + sum);
            }
            sorted.put(file, sum);
        });
        fileSha256 = Collections.unmodifiableMap(sorted);
    }
}
