package org.fedqnn.qnn.train;

import java.util.ArrayList;
import java.util.List;
import org.fedqnn.qnn.cost.Activation;
import org.fedqnn.qnn.cost.Conv2d;
import org.fedqnn.qnn.cost.Dense;
import org.fedqnn.qnn.cost.Flatten;
import org.fedqnn.qnn.cost.Identity;
import org.fedqnn.qnn.cost.Layer;
import org.fedqnn.qnn.cost.LayerSpec;
import org.fedqnn.qnn.cost.NetworkSpec;
import org.fedqnn.qnn.cost.Pool2d;
import org.fedqnn.qnn.cost.TensorShape;

/**
 * Turns a {@link NetworkSpec} into the stages {@link QnnNetwork} executes.
 *
 * <p>One exact rewrite: an activation directly followed by max pooling runs after the pooling
 * instead. ReLU, ReLU1 and hardtanh are non-decreasing, so {@code max(f(x)) = f(max(x))} and the
 * gradients agree too; the activation (and its quantization) then touches a quarter of the
 * values. Costs are still counted on the spec as written.
 */
final class NetworkBuilder {

    private NetworkBuilder() {
    }

    static List<Stage> build(NetworkSpec spec, TensorShape input, QnnConfig config) {
        List<Layer> layers = new ArrayList<>();
        for (LayerSpec ls : spec.layers()) {
            if (!(ls instanceof Layer layer)) {
                throw new IllegalArgumentException(spec.name() + ": the trainer does not run blocks yet, got "
                        + ls.kind() + " (" + ls.describe() + ")");
            }
            if (!(layer instanceof Identity)) {
                layers.add(layer);
            }
        }
        List<TensorShape> shapes = new ArrayList<>();
        TensorShape s = input;
        for (Layer layer : layers) {
            shapes.add(s);
            s = layer.outputShape(s);
        }
        int weightLayers = (int) layers.stream().filter(l -> l instanceof Conv2d || l instanceof Dense).count();
        if (weightLayers == 0 || !(layers.get(layers.size() - 1) instanceof Dense)) {
            throw new IllegalArgumentException(spec.name() + ": the trainer needs a dense layer last (the logits)");
        }
        List<Stage> stages = new ArrayList<>();
        int weightIndex = 0;
        int convs = 0;
        int denses = 0;
        for (int i = 0; i < layers.size(); i++) {
            Layer layer = layers.get(i);
            TensorShape in = shapes.get(i);
            TensorShape out = layer.outputShape(in);
            if (layer instanceof Activation act && i + 1 < layers.size()
                    && layers.get(i + 1) instanceof Pool2d pool && pool.type() == Pool2d.Type.MAX) {
                TensorShape pooled = pool.outputShape(out);
                stages.add(new PoolStage("pool", pool, dims(out), dims(pooled)));
                stages.add(activation(spec, act, pooled, config, layers, i + 2, weightIndex, weightLayers));
                i++;
            } else if (layer instanceof Activation act) {
                stages.add(activation(spec, act, out, config, layers, i + 1, weightIndex, weightLayers));
            } else if (layer instanceof Conv2d conv) {
                boolean q = config.quantized() && config.layers().quantizes(weightIndex, weightLayers);
                stages.add(new ConvStage("conv" + (++convs), conv, dims(in), dims(out), weightIndex++, q,
                        config.layerScale()));
            } else if (layer instanceof Dense dense) {
                boolean q = config.quantized() && config.layers().quantizes(weightIndex, weightLayers);
                stages.add(new DenseStage("dense" + (++denses), dense, dims(in), weightIndex++, q,
                        config.layerScale()));
            } else if (layer instanceof Pool2d pool) {
                stages.add(new PoolStage("pool", pool, dims(in), dims(out)));
            } else if (layer instanceof Flatten) {
                if (!in.isFlat()) {
                    stages.add(new FlattenStage(dims(in)));
                }
            } else {
                throw new IllegalArgumentException(spec.name() + ": the trainer does not run "
                        + layer.kind() + " (" + layer.describe() + ") yet");
            }
        }
        return stages;
    }

    private static Stage activation(NetworkSpec spec, Activation act, TensorShape shape, QnnConfig config,
                                    List<Layer> layers, int from, int nextWeight, int weightLayers) {
        float low;
        float high;
        switch (act.type()) {
            case RELU -> {
                low = config.quantized() ? config.activation().low() : 0f;
                high = config.quantized() ? config.activation().high() : Float.POSITIVE_INFINITY;
            }
            case HARDTANH -> {
                low = -1f;
                high = 1f;
            }
            default -> throw new IllegalArgumentException(spec.name() + ": the trainer runs relu and hardtanh"
                    + " activations only, got " + act.describe());
        }
        boolean feedsWeightLayer = false;
        for (int j = from; j < layers.size(); j++) {
            Layer l = layers.get(j);
            if (l instanceof Conv2d || l instanceof Dense) {
                feedsWeightLayer = true;
                break;
            }
            if (l instanceof Activation) {
                break;
            }
        }
        boolean quantize = config.quantized() && feedsWeightLayer
                && config.layers().quantizes(nextWeight, weightLayers);
        return new ActivationStage(dims(shape), low, high, quantize, nextWeight);
    }

    /** NHWC per-sample dimensions: {@code [h, w, c]}, or {@code [features]} when flat. */
    static long[] dims(TensorShape s) {
        return s.isFlat() ? new long[] {s.channels()} : new long[] {s.height(), s.width(), s.channels()};
    }
}
