package org.fedqnn.qnn.cost;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.ToLongFunction;

/**
 * The per-sample cost of a network for one input shape: a row per layer and per block join
 * ({@link LayerCost}), and the totals that paper eq. (9) uses.
 *
 * <ul>
 *   <li>N_c: {@link #forwardMacs()} for inference, {@link #trainingMacs()} (forward plus
 *       backward) for a training step, per sample; multiply by the batch size and the local
 *       iterations for a round.</li>
 *   <li>N_s: {@link #weights()}, trainable parameters only.</li>
 *   <li>O_s: {@link #outputs()}, the values stored by every layer that computes values (see
 *       {@link Layer} and the blocks for what each contributes).</li>
 * </ul>
 * Made by {@link CostCounter}. Immutable and thread-safe.
 *
 * @param network the network's name
 * @param input   the input shape counted for
 * @param output  the network's output shape
 * @param layers  the rows, in execution order (branches in declaration order, then the join)
 */
public record NetworkCost(String network, TensorShape input, TensorShape output,
                          List<LayerCost> layers) {

    public NetworkCost {
        Objects.requireNonNull(network, "NetworkCost.network");
        Objects.requireNonNull(input, "NetworkCost.input");
        Objects.requireNonNull(output, "NetworkCost.output");
        layers = List.copyOf(Objects.requireNonNull(layers, "NetworkCost.layers"));
    }

    /** Forward MACs per sample (N_c of inference). */
    public long forwardMacs() {
        return sum(LayerCost::forwardMacs);
    }

    /** Forward MACs per sample of the rows of one kind, e.g. {@code conv2d}. */
    public long forwardMacs(String kind) {
        return layers.stream().filter(row -> row.kind().equals(kind))
                .mapToLong(LayerCost::forwardMacs).reduce(0, Math::addExact);
    }

    /** Forward MACs per sample by kind, in order of first appearance. */
    public Map<String, Long> forwardMacsByKind() {
        Map<String, Long> byKind = new LinkedHashMap<>();
        for (LayerCost row : layers) {
            byKind.merge(row.kind(), row.forwardMacs(), Math::addExact);
        }
        return Collections.unmodifiableMap(byKind);
    }

    /** Backward MACs per sample for gradients with respect to layer inputs. */
    public long inputGradientMacs() {
        return sum(LayerCost::inputGradientMacs);
    }

    /** Backward MACs per sample for gradients with respect to weights. */
    public long weightGradientMacs() {
        return sum(LayerCost::weightGradientMacs);
    }

    /** Backward MACs per sample, input plus weight gradients. */
    public long backwardMacs() {
        return Math.addExact(inputGradientMacs(), weightGradientMacs());
    }

    /** MACs per sample of one training step: forward plus backward (N_c of training). */
    public long trainingMacs() {
        return Math.addExact(forwardMacs(), backwardMacs());
    }

    /** Trainable parameters (N_s), biases and batch-norm scale and shift included. */
    public long weights() {
        return sum(LayerCost::weights);
    }

    /** Non-trainable state (batch-norm running mean and variance); not part of N_s. */
    public long buffers() {
        return sum(LayerCost::buffers);
    }

    /** Intermediate outputs stored per sample (O_s). */
    public long outputs() {
        return sum(LayerCost::outputs);
    }

    /** The per-layer table with totals, as {@link CostTable#format} prints it. */
    public String table() {
        return CostTable.format(this);
    }

    /** The same as {@link #table()}. */
    @Override
    public String toString() {
        return table();
    }

    private long sum(ToLongFunction<LayerCost> field) {
        return layers.stream().mapToLong(field).reduce(0, Math::addExact);
    }
}
