package org.fedqnn.cli;

import org.fedqnn.qnn.Rounding;
import org.fedqnn.qnn.train.ClippedActivation;
import org.fedqnn.qnn.train.LayerPolicy;
import org.fedqnn.qnn.train.LayerScale;
import org.fedqnn.qnn.train.LearningRate;
import org.fedqnn.qnn.train.Precision;
import org.fedqnn.qnn.train.QnnConfig;
import picocli.CommandLine.Option;

/** The options that choose a model's precision, quantization policy and learning rate. */
final class QnnOptions {

    @Option(names = "--model", defaultValue = "paper-cnn",
            description = "Model spec: paper-cnn or mlp (default ${DEFAULT-VALUE}).")
    String model;

    @Option(names = "--bits", defaultValue = "8",
            description = "Precision: a bit width 1..32, or 'float' for the float32 baseline (default ${DEFAULT-VALUE}).")
    Precision bits;

    @Option(names = "--activation", defaultValue = "relu1",
            description = "Clipped activation before quantizing: relu1 or hardtanh (default ${DEFAULT-VALUE}).")
    String activation;

    @Option(names = "--layers", defaultValue = "all",
            description = "Quantized weight layers: all or float-first-last (default ${DEFAULT-VALUE}).")
    String layers;

    @Option(names = "--activation-rounding", defaultValue = "stochastic",
            description = "Rounding of activations in training: stochastic or nearest (default ${DEFAULT-VALUE}).")
    String activationRounding;

    @Option(names = "--layer-scale", defaultValue = "pow2",
            description = "Fixed per-layer output scale: pow2, or none for the paper's net as written (default ${DEFAULT-VALUE}).")
    String layerScale;

    @Option(names = "--lr-beta", defaultValue = "1.0",
            description = "beta of eta_t = beta / (t + gamma) (default ${DEFAULT-VALUE}).")
    double lrBeta;

    @Option(names = "--lr-gamma", defaultValue = "10.0",
            description = "gamma of eta_t = beta / (t + gamma) (default ${DEFAULT-VALUE}).")
    double lrGamma;

    QnnConfig config() {
        Rounding rounding;
        try {
            rounding = Rounding.valueOf(activationRounding.trim().toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--activation-rounding must be stochastic or nearest, got '"
                    + activationRounding + "'", e);
        }
        return new QnnConfig(bits, LayerPolicy.parse(layers), ClippedActivation.parse(activation),
                rounding, LayerScale.parse(layerScale));
    }

    LearningRate learningRate() {
        return new LearningRate(lrBeta, lrGamma);
    }
}
