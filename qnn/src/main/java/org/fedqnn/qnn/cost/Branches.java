package org.fedqnn.qnn.cost;

import java.util.List;
import java.util.Objects;

/** Validation of layer lists held by specs and blocks. Stateless; thread-safe. */
final class Branches {

    private Branches() {
    }

    /**
     * An unmodifiable copy of {@code layers}, refusing null lists and elements and, unless
     * {@code mayBeEmpty}, empty lists; messages name {@code field}.
     */
    static List<LayerSpec> copyOf(String field, List<LayerSpec> layers, boolean mayBeEmpty) {
        Objects.requireNonNull(layers, field);
        for (int i = 0; i < layers.size(); i++) {
            if (layers.get(i) == null) {
                throw new IllegalArgumentException(field + "[" + i + "] must not be null");
            }
        }
        if (!mayBeEmpty && layers.isEmpty()) {
            throw new IllegalArgumentException(field + " must hold at least 1 layer, got 0");
        }
        return List.copyOf(layers);
    }

    static String size(List<LayerSpec> layers) {
        if (layers.isEmpty()) {
            return "identity";
        }
        return layers.size() == 1 ? "1 layer" : layers.size() + " layers";
    }
}
