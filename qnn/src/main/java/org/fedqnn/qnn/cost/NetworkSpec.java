package org.fedqnn.qnn.cost;

import java.util.List;
import java.util.Objects;

/**
 * A named network: a sequence of {@link LayerSpec}s, each fed by the previous one. Shapes are
 * not part of the spec; {@link CostCounter#count} derives them from a real input shape, and the
 * training code builds its framework layers from the same list.
 *
 * <p>Immutable and thread-safe.
 *
 * @param name   a non-blank name, e.g. {@code paper-cnn}
 * @param layers at least 1 layer, in order
 */
public record NetworkSpec(String name, List<LayerSpec> layers) {

    public NetworkSpec {
        Objects.requireNonNull(name, "NetworkSpec.name");
        if (name.isBlank()) {
            throw new IllegalArgumentException("NetworkSpec.name must not be blank, got '"
                    + name + "'");
        }
        layers = Branches.copyOf("NetworkSpec.layers", layers, false);
    }

    /** A network of the given layers. */
    public static NetworkSpec of(String name, LayerSpec... layers) {
        return new NetworkSpec(name, List.of(layers));
    }

    /**
     * The output shape for {@code input}.
     *
     * @throws LayerShapeException when a layer does not fit its input
     */
    public TensorShape outputShape(TensorShape input) {
        return CostCounter.count(this, input).output();
    }
}
