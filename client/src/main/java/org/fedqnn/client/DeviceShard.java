package org.fedqnn.client;

import java.util.Objects;
import org.fedqnn.datasets.LabeledImages;
import org.fedqnn.datasets.tensor.FeatureScaling;

/**
 * One device's training data: the data set's training images, the indices of this device's
 * samples among them, and the feature scaling fitted on the whole training set. Immutable
 * and thread-safe (the indices are copied in and out; the images are shared read-only, see
 * {@link LabeledImages}).
 *
 * @param images  the whole training set of the data set
 * @param indices this device's samples, at least one, each in {@code 0..images.count()-1}
 * @param scaling how pixels become features
 */
public record DeviceShard(LabeledImages images, int[] indices, FeatureScaling scaling) {

    public DeviceShard {
        Objects.requireNonNull(images, "DeviceShard.images");
        Objects.requireNonNull(scaling, "DeviceShard.scaling");
        indices = Objects.requireNonNull(indices, "DeviceShard.indices").clone();
        if (indices.length == 0) {
            throw new IllegalArgumentException("DeviceShard.indices must hold at least one sample, got none");
        }
        for (int i = 0; i < indices.length; i++) {
            if (indices[i] < 0 || indices[i] >= images.count()) {
                throw new IllegalArgumentException("DeviceShard.indices[" + i + "] must be in 0.."
                        + (images.count() - 1) + ", got " + indices[i]);
            }
        }
        if (scaling.channels() != images.channels()) {
            throw new IllegalArgumentException("DeviceShard.scaling must have " + images.channels()
                    + " channels, got " + scaling.channels());
        }
    }

    @Override
    public int[] indices() {
        return indices.clone();
    }

    /** The number of samples of this device. */
    public int size() {
        return indices.length;
    }
}
