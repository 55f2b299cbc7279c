package org.fedqnn.datasets.io;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.fedqnn.datasets.LabeledImages;

/**
 * Images read from one or more files, with the SHA-256 of each file read (keyed by file name)
 * so that a loader can put them in a run's manifest. Immutable and thread-safe (see
 * {@link LabeledImages} for the rule on its arrays).
 *
 * @param images the images and labels
 * @param fileSha256 file name to lower-case hex SHA-256, sorted by name
 */
public record SourcedImages(LabeledImages images, Map<String, String> fileSha256) {

    public SourcedImages {
        Objects.requireNonNull(images, "images");
        fileSha256 = Collections.unmodifiableMap(new TreeMap<>(fileSha256));
    }
}
