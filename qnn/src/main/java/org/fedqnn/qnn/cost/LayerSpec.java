package org.fedqnn.qnn.cost;

/**
 * One declarative element of a {@link NetworkSpec}: either a single {@link Layer} or a
 * {@link Block} of branches that are joined (residual add, concatenation, channel scale,
 * dual path).
 *
 * <p>Specs carry no input shape and no weights: the same spec serves a 28x28x1 and a 32x32x3
 * input, {@link CostCounter} derives every shape and count from the real input shape, and the
 * training code maps each spec to a framework layer. Implementations are records, immutable
 * and thread-safe.
 */
public sealed interface LayerSpec permits Layer, Block {

    /** A short, stable name of the operation, e.g. {@code conv2d}, {@code residual-add}. */
    String kind();

    /** The settings in a short human form, e.g. {@code 3x3/1 same, 64 filters}. */
    String describe();
}
