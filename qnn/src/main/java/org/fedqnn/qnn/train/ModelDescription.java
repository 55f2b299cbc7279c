package org.fedqnn.qnn.train;

import java.util.Locale;
import java.util.Objects;
import org.fedqnn.datasets.tensor.Normalization;
import org.fedqnn.qnn.Rounding;
import org.fedqnn.qnn.cost.ModelSpecs;
import org.fedqnn.qnn.cost.TensorShape;

/**
 * The network a run trains, as the base station and every device must build it alike: a model
 * spec of {@link ModelSpecs}, its input shape and classes, how it is quantized (apart from the
 * precision, which each round sets) and how inputs are scaled. Immutable and thread-safe.
 *
 * @param name          a {@link ModelSpecs} name, e.g. {@code "paper-cnn"}
 * @param input         one sample's shape (channels, height, width)
 * @param classes       output classes, at least 2
 * @param layers        which weight layers are quantized
 * @param activation    the clipped activation
 * @param rounding      how activations are rounded in training
 * @param layerScale    the fixed per-layer output scale
 * @param normalization how input features are scaled
 */
public record ModelDescription(String name, TensorShape input, int classes, LayerPolicy layers,
                               ClippedActivation activation, Rounding rounding, LayerScale layerScale,
                               Normalization normalization) {

    public ModelDescription {
        Objects.requireNonNull(name, "ModelDescription.name");
        name = name.toLowerCase(Locale.ROOT);
        if (!ModelSpecs.names().contains(name)) {
            throw new IllegalArgumentException("ModelDescription.name must be one of " + ModelSpecs.names()
                    + ", got '" + name + "'");
        }
        Objects.requireNonNull(input, "ModelDescription.input");
        if (classes < 2) {
            throw new IllegalArgumentException("ModelDescription.classes must be >= 2, got " + classes);
        }
        Objects.requireNonNull(layers, "ModelDescription.layers");
        Objects.requireNonNull(activation, "ModelDescription.activation");
        Objects.requireNonNull(rounding, "ModelDescription.rounding");
        Objects.requireNonNull(layerScale, "ModelDescription.layerScale");
        Objects.requireNonNull(normalization, "ModelDescription.normalization");
    }

    /** The description of the model {@code config} configures (its precision is dropped). */
    public static ModelDescription of(String name, TensorShape input, int classes, QnnConfig config,
                                      Normalization normalization) {
        return new ModelDescription(name, input, classes, config.layers(), config.activation(),
                config.activationRounding(), config.layerScale(), normalization);
    }

    /** The network's configuration at {@code precision}. */
    public QnnConfig config(Precision precision) {
        return new QnnConfig(precision, layers, activation, rounding, layerScale);
    }

    /** A new network at {@code precision}, initialised from {@code seed}. */
    public QnnNetwork create(Precision precision, long seed) {
        QnnNetwork net = QnnNetwork.create(ModelSpecs.byName(name), input, config(precision), seed);
        if (net.classes() != classes) {
            throw new IllegalArgumentException("model '" + name + "' has " + net.classes()
                    + " classes, the description says " + classes);
        }
        return net;
    }
}
