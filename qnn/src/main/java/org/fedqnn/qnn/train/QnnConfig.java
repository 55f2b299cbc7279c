package org.fedqnn.qnn.train;

import java.util.Objects;
import org.fedqnn.qnn.Rounding;

/**
 * How a network is quantized: the precision, which weight layers are quantized, the clipped
 * activation in front of each quantized activation, and how activations are rounded.
 *
 * <p>Weights are always quantized with the stochastic eq. (4) during training; evaluation uses
 * round-to-nearest for weights and activations, the deterministic fixed-point model a device
 * would deploy. {@link #paper(int)} is the paper's scheme; {@link #float32()} the baseline,
 * where the spec's own activations (ReLU) run unclipped. Immutable and thread-safe.
 *
 * @param precision          float32 or n bits
 * @param layers             which weight layers are quantized (ignored for float32)
 * @param activation         the clipped activation used in QNN mode
 * @param activationRounding how activations are rounded in training
 * @param layerScale         the fixed per-layer output scale (see {@link LayerScale})
 */
public record QnnConfig(Precision precision, LayerPolicy layers, ClippedActivation activation,
                        Rounding activationRounding, LayerScale layerScale) {

    public QnnConfig {
        Objects.requireNonNull(precision, "QnnConfig.precision");
        Objects.requireNonNull(layers, "QnnConfig.layers");
        Objects.requireNonNull(activation, "QnnConfig.activation");
        Objects.requireNonNull(activationRounding, "QnnConfig.activationRounding");
        Objects.requireNonNull(layerScale, "QnnConfig.layerScale");
    }

    /** The paper's scheme at {@code bits}: all layers, ReLU1, stochastic activations. */
    public static QnnConfig paper(int bits) {
        return of(Precision.fixed(bits));
    }

    /** The float32 baseline. */
    public static QnnConfig float32() {
        return of(Precision.float32());
    }

    /** {@code precision} with the default policy, activation and rounding. */
    public static QnnConfig of(Precision precision) {
        return new QnnConfig(precision, LayerPolicy.ALL, ClippedActivation.RELU1, Rounding.STOCHASTIC, LayerScale.POW2);
    }

    /** True in QNN mode (any fixed-point precision). */
    public boolean quantized() {
        return !precision.isFloat();
    }

    /** This configuration with another layer policy. */
    public QnnConfig withLayers(LayerPolicy policy) {
        return new QnnConfig(precision, policy, activation, activationRounding, layerScale);
    }

    /** This configuration with another clipped activation. */
    public QnnConfig withActivation(ClippedActivation clipped) {
        return new QnnConfig(precision, layers, clipped, activationRounding, layerScale);
    }

    /** This configuration with another layer scale. */
    public QnnConfig withLayerScale(LayerScale scale) {
        return new QnnConfig(precision, layers, activation, activationRounding, scale);
    }

    /** This configuration with another activation rounding. */
    public QnnConfig withActivationRounding(Rounding rounding) {
        return new QnnConfig(precision, layers, activation, rounding, layerScale);
    }
}
